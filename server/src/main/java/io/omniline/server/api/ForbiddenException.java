package io.omniline.server.api;

/** The caller is signed in but their role does not allow this (403). */
public final class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
