package io.omniline.server.auth;

import io.omniline.db.account.AccountRepository;
import io.omniline.db.account.AccountRole;
import java.io.PrintStream;
import java.security.SecureRandom;

/**
 * On a database with no accounts, creates {@code admin}: with the configured password, or with a
 * random one printed once to the console (never to the log, which may be shipped elsewhere).
 */
public final class FirstAdmin {

    public static final String LOGIN = "admin";
    private static final String ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private FirstAdmin() {}

    /** @return true when the admin was created now */
    public static boolean ensure(
            AccountRepository accounts, PasswordHasher hasher, String configuredPassword, PrintStream console) {
        if (accounts.any()) {
            return false;
        }
        boolean generated = configuredPassword == null || configuredPassword.isBlank();
        String password = generated ? randomPassword() : configuredPassword;
        accounts.create(LOGIN, hasher.hash(password), AccountRole.admin, null, "omniline");
        if (generated) {
            console.println("First start: created the account '" + LOGIN + "' with password " + password
                    + " (shown only now). auth.adminPassword, when set, is used for this first start only;"
                    + " a lost password is reset with: ./omniline reset-password " + LOGIN);
        }
        return true;
    }

    /** A password of 20 letters and digits that are hard to misread. */
    static String randomPassword() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }
}
