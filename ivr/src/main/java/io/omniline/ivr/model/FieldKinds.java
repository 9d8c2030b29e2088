package io.omniline.ivr.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import java.util.Collection;
import java.util.Map;

/**
 * What a node's field should have held, in an admin's words. Jackson's own messages name Java
 * types ("Cannot deserialize value of type `java.lang.Integer`"), which no page may show.
 */
final class FieldKinds {

    private FieldKinds() {}

    static String expected(JsonProcessingException e) {
        if (e instanceof InputCoercionException || e.getCause() instanceof InputCoercionException) {
            return "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "must be " + kind(mismatch.getTargetType());
        }
        if (e instanceof JsonMappingException) {
            return "has a value of the wrong kind";
        }
        return "could not be read";
    }

    private static String kind(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type == double.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class || type.isEnum()) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "an object of names to values";
        }
        return "an object";
    }
}
