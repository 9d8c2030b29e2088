package io.omniline.db.agent;

/**
 * An agent's softphone password as stored: sealed bytes and the id of the key that sealed them.
 * Opening it is the server's business; the database never holds the key.
 */
public record SealedPassword(byte[] sealed, String keyId) {}
