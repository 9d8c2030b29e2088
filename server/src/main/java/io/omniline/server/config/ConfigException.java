package io.omniline.server.config;

/** The configuration file or environment says something Omniline cannot use; the message says what and where. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
