package io.omniline.ivr.model;

/**
 * Something wrong with a flow, tied to the node it is about (null for the flow as a whole) and,
 * when it is about one field, that field's JSON key ({@code timeoutSeconds}): the message is in
 * an admin's words, the node and key are there for the designer, which jumps to the node and marks
 * the field. Errors block publishing; warnings are shown to the admin and do not.
 */
public record Problem(Severity severity, String nodeId, String key, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(String nodeId, String message) {
        return new Problem(Severity.ERROR, nodeId, null, message);
    }

    public static Problem error(String nodeId, String key, String message) {
        return new Problem(Severity.ERROR, nodeId, key, message);
    }

    public static Problem warning(String nodeId, String message) {
        return new Problem(Severity.WARNING, nodeId, null, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase() + (nodeId == null ? "" : " [" + nodeId + "]") + ": " + message;
    }
}
