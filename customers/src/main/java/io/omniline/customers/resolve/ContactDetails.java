package io.omniline.customers.resolve;

/** What a chat pre-chat form, an email's From or an SMS sender says about who is writing; any may be blank. */
public record ContactDetails(String name, String phone, String email) {

    /**
     * The longest name kept, in characters: a name is what an agent reads at a glance, and whoever
     * writes in chooses it, so a sender's 5,000-character display name would fill every list.
     */
    public static final int LONGEST_NAME = 200;

    /** True when a typed name is longer than {@link #LONGEST_NAME}. */
    public static boolean tooLong(String name) {
        return name != null && name.codePointCount(0, name.length()) > LONGEST_NAME;
    }

    /** The name cut to {@link #LONGEST_NAME} characters (never inside a character); null stays null. */
    public static String shortened(String name) {
        return tooLong(name) ? name.substring(0, name.offsetByCodePoints(0, LONGEST_NAME)) : name;
    }
}
