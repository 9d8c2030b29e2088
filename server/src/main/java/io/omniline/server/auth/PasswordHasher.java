package io.omniline.server.auth;

import at.favre.lib.crypto.bcrypt.BCrypt;
import at.favre.lib.crypto.bcrypt.LongPasswordStrategies;
import java.nio.charset.StandardCharsets;

/**
 * bcrypt password hashes. Passwords longer than bcrypt's 72 bytes are pre-hashed with SHA-512
 * rather than cut, so every character of a long passphrase counts.
 */
public final class PasswordHasher {

    private static final BCrypt.Version VERSION = BCrypt.Version.VERSION_2B;

    private final int cost;
    private final BCrypt.Hasher hasher = BCrypt.with(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    private final BCrypt.Verifyer verifyer = BCrypt.verifyer(VERSION, LongPasswordStrategies.hashSha512(VERSION));
    /** Checked when the login does not exist, so a refusal takes as long either way. */
    private final String decoy;

    public PasswordHasher(int cost) {
        if (cost < 4 || cost > 31) {
            throw new IllegalArgumentException("bcrypt cost must be between 4 and 31, was " + cost);
        }
        this.cost = cost;
        this.decoy = hash("not a password anyone has");
    }

    public String hash(String password) {
        return new String(hasher.hash(cost, password.getBytes(StandardCharsets.UTF_8)), StandardCharsets.US_ASCII);
    }

    public boolean matches(String password, String hash) {
        return verifyer.verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.US_ASCII))
                .verified;
    }

    /** Spends the time of one check without a hash to check against. */
    public void burnOneCheck(String password) {
        matches(password, decoy);
    }
}
