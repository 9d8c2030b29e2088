package io.omniline.db;

/** A row the caller named does not exist. */
public final class NotFoundException extends RuntimeException {

    private final String entity;
    private final String key;

    public NotFoundException(String entity, Object key) {
        super(entity + " " + key + " does not exist");
        this.entity = entity;
        this.key = String.valueOf(key);
    }

    public String entity() {
        return entity;
    }

    public String key() {
        return key;
    }
}
