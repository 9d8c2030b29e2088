package io.omniline.ivr.model;

/**
 * Something wrong with a flow, tied to the node it is about (null for the flow as a whole).
 * Errors block publishing; warnings are shown to the admin and do not.
 */
public record Problem(Severity severity, String nodeId, String message) {

    public enum Severity {
        ERROR,
        WARNING
    }

    public static Problem error(String nodeId, String message) {
        return new Problem(Severity.ERROR, nodeId, message);
    }

    public static Problem warning(String nodeId, String message) {
        return new Problem(Severity.WARNING, nodeId, message);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return severity.name().toLowerCase() + (nodeId == null ? "" : " [" + nodeId + "]") + ": " + message;
    }
}
