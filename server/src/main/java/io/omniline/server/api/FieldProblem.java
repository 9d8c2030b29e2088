package io.omniline.server.api;

/**
 * A refused input that is about one request field: the answer names the field, so a form shows the
 * words beside it rather than under the whole form.
 */
public class FieldProblem extends IllegalArgumentException {

    private final String field;

    public FieldProblem(String field, String message) {
        super(message);
        this.field = field;
    }

    public FieldProblem(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
