package io.omniline.server.accounts;

import io.omniline.db.ShownText;
import java.util.regex.Pattern;

/**
 * The shapes of what names a person here: a new login is 1 to 64 letters, digits and {@code . _ - @}
 * (compared in any case), so no login can pose as another with look-alike or invisible characters
 * ({@code \u202Enimda} showed as "admin"); logins stored before this rule still sign in. A display
 * name is what lists show: invisible characters (controls, bidi overrides and isolates, zero-width
 * ones) are dropped from it, runs of spaces become one, and 1 to 200 characters must remain.
 */
public final class PersonNames {

    static final int MAX_LOGIN = 64;
    static final int MAX_DISPLAY_NAME = 200;
    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9._@-]{1," + MAX_LOGIN + "}");

    private PersonNames() {}

    /** A refused login, display name or password: the API answers it as a 400 about {@link #field}. */
    public static final class Refused extends IllegalArgumentException {

        private final String field;

        Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** @throws Refused about "login" when it is missing or not of the shape above */
    public static String login(String login) {
        if (login == null || login.isBlank()) {
            throw new Refused(
                    "login", "login is required: 1 to " + MAX_LOGIN + " letters, digits, '.', '_', '-' or '@'");
        }
        String stripped = login.strip();
        if (!LOGIN.matcher(stripped).matches()) {
            throw new Refused(
                    "login",
                    "a login is 1 to " + MAX_LOGIN
                            + " letters (a to z, any case), digits, '.', '_', '-' or '@', with no spaces or other signs");
        }
        return stripped;
    }

    /** The name with invisible characters dropped; @throws Refused when nothing or too much is left */
    public static String displayName(String name) {
        String shown = name == null ? "" : ShownText.oneLine(name);
        if (shown.isEmpty()) {
            throw new Refused(
                    "displayName",
                    "displayName is required: the name lists show, 1 to " + MAX_DISPLAY_NAME + " characters");
        }
        if (shown.codePointCount(0, shown.length()) > MAX_DISPLAY_NAME) {
            throw new Refused("displayName", "displayName is at most " + MAX_DISPLAY_NAME + " characters");
        }
        return shown;
    }
}
