package io.omniline.ivr.expr;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Recursive descent over the expression grammar; see {@link Expression}. */
final class ExpressionParser {

    private static final int MAX_LENGTH = 1_000;
    private static final int MAX_DEPTH = 50;
    private static final Map<String, Integer> FUNCTIONS =
            Map.of("len", 1, "startsWith", 2, "endsWith", 2, "contains", 2);

    private final String text;
    private int position;
    private int depth;

    ExpressionParser(String text) {
        this.text = text == null ? "" : text;
    }

    Expression parse() {
        if (text.isBlank()) {
            throw new ExpressionException(text, 0, "empty expression");
        }
        if (text.length() > MAX_LENGTH) {
            throw new ExpressionException(
                    text.substring(0, 40) + "...", 0, "expression longer than " + MAX_LENGTH + " characters");
        }
        Expression expression = or();
        skipSpace();
        if (position < text.length()) {
            throw error("unexpected \"" + text.charAt(position) + "\"");
        }
        return expression;
    }

    private Expression or() {
        Expression left = and();
        while (take("||")) {
            left = new Expression.Binary("||", left, and());
        }
        return left;
    }

    private Expression and() {
        Expression left = not();
        while (take("&&")) {
            left = new Expression.Binary("&&", left, not());
        }
        return left;
    }

    private Expression not() {
        if (peek("!") && !peek("!=")) {
            position++;
            return new Expression.Not(nested(this::not));
        }
        return comparison();
    }

    private Expression comparison() {
        Expression left = sum();
        for (String operator : List.of("==", "!=", "<=", ">=", "<", ">")) {
            if (take(operator)) {
                return new Expression.Binary(operator, left, sum());
            }
        }
        return left;
    }

    private Expression sum() {
        Expression left = primary();
        while (take("+")) {
            left = new Expression.Binary("+", left, primary());
        }
        return left;
    }

    private Expression primary() {
        skipSpace();
        if (position >= text.length()) {
            throw error("expression ends too soon");
        }
        char c = text.charAt(position);
        if (c == '(') {
            position++;
            Expression inner = nested(this::or);
            expect(")");
            return inner;
        }
        if (c == '\'') {
            return string();
        }
        if (Character.isDigit(c)) {
            int start = position;
            while (position < text.length()
                    && (Character.isDigit(text.charAt(position)) || text.charAt(position) == '.')) {
                position++;
            }
            try {
                return new Expression.Literal(new BigDecimal(text.substring(start, position)));
            } catch (NumberFormatException e) {
                throw error("bad number");
            }
        }
        if (Character.isLetter(c) || c == '_') {
            return nameOrCall();
        }
        throw error("unexpected \"" + c + "\"");
    }

    private Expression string() {
        StringBuilder value = new StringBuilder();
        position++;
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '\'') {
                if (position < text.length() && text.charAt(position) == '\'') {
                    value.append('\'');
                    position++;
                } else {
                    return new Expression.Literal(value.toString());
                }
            } else {
                value.append(c);
            }
        }
        throw error("text not closed with '");
    }

    private Expression nameOrCall() {
        int start = position;
        while (position < text.length()
                && (Character.isLetterOrDigit(text.charAt(position))
                        || text.charAt(position) == '_'
                        || text.charAt(position) == '.')) {
            position++;
        }
        String name = text.substring(start, position);
        if (name.endsWith(".") || name.contains("..")) {
            throw error("bad name \"" + name + "\"");
        }
        switch (name) {
            case "true":
                return new Expression.Literal(Boolean.TRUE);
            case "false":
                return new Expression.Literal(Boolean.FALSE);
            case "null":
                return new Expression.Literal(null);
            default:
                break;
        }
        skipSpace();
        if (!peek("(")) {
            return new Expression.Name(name);
        }
        Integer arity = FUNCTIONS.get(name);
        if (arity == null) {
            throw error("unknown function \"" + name + "\" (known: " + String.join(", ", FUNCTIONS.keySet()) + ")");
        }
        position++;
        List<Expression> arguments = new ArrayList<>();
        skipSpace();
        if (!peek(")")) {
            do {
                arguments.add(nested(this::or));
            } while (take(","));
        }
        expect(")");
        if (arguments.size() != arity) {
            throw error(name + " takes " + arity + " argument" + (arity == 1 ? "" : "s") + ", got " + arguments.size());
        }
        return new Expression.Call(name, List.copyOf(arguments));
    }

    private Expression nested(Supplier<Expression> rule) {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH);
        }
        try {
            return rule.get();
        } finally {
            depth--;
        }
    }

    private boolean take(String token) {
        if (peek(token)) {
            position += token.length();
            return true;
        }
        return false;
    }

    private boolean peek(String token) {
        skipSpace();
        return text.startsWith(token, position);
    }

    private void expect(String token) {
        if (!take(token)) {
            throw error("expected \"" + token + "\"");
        }
    }

    private void skipSpace() {
        while (position < text.length() && Character.isWhitespace(text.charAt(position))) {
            position++;
        }
    }

    private ExpressionException error(String reason) {
        return new ExpressionException(text, Math.min(position, text.length()), reason);
    }
}
