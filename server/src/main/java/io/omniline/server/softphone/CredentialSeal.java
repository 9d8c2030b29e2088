package io.omniline.server.softphone;

import io.omniline.db.agent.SealedPassword;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals agents' SIP passwords with AES-256-GCM under a key from the configuration. The agent's id
 * is bound in as associated data, so a sealed password copied onto another agent's row does not
 * open. The key's id (a hash of it) is stored beside each password so a changed key is reported as
 * such.
 */
final class CredentialSeal {

    static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final String keyId;

    CredentialSeal(byte[] key) {
        if (key.length != KEY_BYTES) {
            throw new IllegalArgumentException("the key must be " + KEY_BYTES + " bytes");
        }
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = idOf(key);
    }

    String keyId() {
        return keyId;
    }

    SealedPassword seal(long agentId, String password) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, agentId);
            byte[] sealed = cipher.doFinal(password.getBytes(StandardCharsets.UTF_8));
            return new SealedPassword(
                    ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                            .put(nonce)
                            .put(sealed)
                            .array(),
                    keyId);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    /** The password, or a {@link SealException} saying in words why it cannot be opened. */
    String open(long agentId, SealedPassword sealed) {
        if (!keyId.equals(sealed.keyId())) {
            throw new SealException("the softphone password was stored under another softphone.credentialKey");
        }
        byte[] bytes = sealed.sealed();
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, Arrays.copyOf(bytes, NONCE_BYTES), agentId);
            return new String(cipher.doFinal(bytes, NONCE_BYTES, bytes.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (AEADBadTagException e) {
            throw new SealException("the stored softphone password does not belong to this agent or was altered");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is missing from this JDK", e);
        }
    }

    private Cipher cipher(int mode, byte[] nonce, long agentId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(("omniline-agent-softphone:" + agentId).getBytes(StandardCharsets.UTF_8));
        return cipher;
    }

    private static String idOf(byte[] key) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("omniline-softphone-key-id:".getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest(key), 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** A stored password this key cannot open. */
    static final class SealException extends RuntimeException {

        SealException(String message) {
            super(message);
        }
    }
}
