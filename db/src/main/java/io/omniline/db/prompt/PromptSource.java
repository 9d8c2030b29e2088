package io.omniline.db.prompt;

/**
 * Where a prompt's audio came from: shipped with Omniline or uploaded by an admin.
 *
 * <p>The database's {@code prompt_source} type; the constants are spelled as its labels, which jOOQ maps
 * by name (see {@code JooqCodeIsCurrentTest}'s forced types), so code outside db never sees the
 * generated enum.
 */
public enum PromptSource {
    shipped,
    upload;

    /** The label as the database and the API spell it. */
    public String getLiteral() {
        return name();
    }
}
