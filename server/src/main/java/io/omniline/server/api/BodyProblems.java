package io.omniline.server.api;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.omniline.server.http.UnstorableText;
import java.util.Arrays;
import java.util.Collection;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Says in words what is wrong with a request body. Jackson's own messages name the Java class
 * the body was read into; a caller of the API should read about fields, not classes.
 */
final class BodyProblems {

    private BodyProblems() {}

    static String describe(JsonProcessingException e) {
        if (e instanceof JsonParseException parse) {
            return "the body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + ")";
        }
        String field = e instanceof JsonMappingException mapping ? path(mapping) : "";
        InputCoercionException tooLarge = cause(e, InputCoercionException.class);
        if (tooLarge != null) {
            // the parser was where the number is, inside maps too, which the mapping path stops short of
            String at = tooLarge.getProcessor() instanceof JsonParser parser
                    ? UnstorableText.path(parser.getParsingContext())
                    : "";
            field = at.isEmpty() ? field : at;
            return (field.isEmpty() ? "a number" : "field \"" + field + "\"") + " must be "
                    + wholeNumber(tooLarge.getTargetType());
        }
        if (cause(e, StreamConstraintsException.class) != null) {
            return (field.isEmpty() ? "a value in the body" : "field \"" + field + "\"")
                    + " is longer than the API reads";
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field \"" + field + "\"" + known(unknown.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException || e instanceof MismatchedInputException) {
            Class<?> type = ((MismatchedInputException) e).getTargetType();
            return field.isEmpty() ? "the body must be a JSON object" : "field \"" + field + "\" must be " + kind(type);
        }
        return "the body could not be read as JSON";
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> kind) {
        for (Throwable at = e; at != null; at = at.getCause()) {
            if (kind.isInstance(at)) {
                return kind.cast(at);
            }
        }
        return null;
    }

    private static String wholeNumber(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        if (type == Long.class || type == long.class) {
            return "a whole number from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
        }
        if (type == Short.class || type == short.class) {
            return "a whole number from " + Short.MIN_VALUE + " to " + Short.MAX_VALUE;
        }
        return "a smaller number";
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : reference.getIndex() >= 0 ? "[" + reference.getIndex() + "]" : null)
                .filter(Objects::nonNull)
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String known(Collection<Object> names) {
        return names == null || names.isEmpty()
                ? ""
                : "; expected "
                        + names.stream()
                                .map(name -> "\"" + name + "\"")
                                .sorted()
                                .collect(Collectors.joining(", "));
    }

    private static String kind(Class<?> type) {
        if (type == null) {
            return "of another kind";
        }
        if (type.isEnum()) {
            return "one of "
                    + Arrays.stream(type.getEnumConstants())
                            .map(Object::toString)
                            .collect(Collectors.joining(", "));
        }
        if (type == String.class) {
            return "text";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == Integer.class
                || type == int.class
                || type == Long.class
                || type == long.class
                || type == Short.class
                || type == short.class) {
            return "a whole number";
        }
        if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            return "a number";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }
}
