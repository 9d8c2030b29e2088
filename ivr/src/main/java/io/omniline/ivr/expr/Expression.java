package io.omniline.ivr.expr;

import java.math.BigDecimal;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A parsed expression of the flow language: literals ({@code 12}, {@code 'text'},
 * {@code true}, {@code null}), names ({@code account}, {@code caller.number},
 * {@code customer.vip}), {@code + == != < <= > >= && || !}, parentheses and the functions
 * {@code len startsWith endsWith contains}. Values are text, numbers, booleans or null.
 */
public sealed interface Expression {

    /** @param names resolves a dotted name to its value, or null when it has none */
    Object evaluate(Function<String, Object> names);

    static Expression parse(String text) {
        return new ExpressionParser(text).parse();
    }

    /** Null, false, "" and 0 are false; everything else is true. */
    static boolean truthy(Object value) {
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof BigDecimal number) {
            return number.signum() != 0;
        }
        return !value.toString().isEmpty();
    }

    /** The text form a variable or a SAY command gets. */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        return value instanceof BigDecimal number ? number.toPlainString() : value.toString();
    }

    record Literal(Object value) implements Expression {
        public Object evaluate(Function<String, Object> names) {
            return value;
        }
    }

    record Name(String path) implements Expression {
        public Object evaluate(Function<String, Object> names) {
            return names.apply(path);
        }
    }

    record Not(Expression operand) implements Expression {
        public Object evaluate(Function<String, Object> names) {
            return !truthy(operand.evaluate(names));
        }
    }

    record Binary(String operator, Expression left, Expression right) implements Expression {
        public Object evaluate(Function<String, Object> names) {
            return switch (operator) {
                case "&&" -> truthy(left.evaluate(names)) && truthy(right.evaluate(names));
                case "||" -> truthy(left.evaluate(names)) || truthy(right.evaluate(names));
                default -> Operators.apply(operator, left.evaluate(names), right.evaluate(names));
            };
        }
    }

    record Call(String function, List<Expression> arguments) implements Expression {
        public Object evaluate(Function<String, Object> names) {
            List<String> values = arguments.stream()
                    .map(argument -> text(argument.evaluate(names)))
                    .toList();
            return switch (function) {
                case "len" -> BigDecimal.valueOf(values.get(0).length());
                case "startsWith" -> values.get(0).startsWith(values.get(1));
                case "endsWith" -> values.get(0).endsWith(values.get(1));
                case "contains" -> values.get(0).contains(values.get(1));
                default -> throw new IllegalStateException("unknown function " + function);
            };
        }
    }

    /** Comparison and + on the language's values: numeric when both sides are numbers. */
    final class Operators {

        private Operators() {}

        static Object apply(String operator, Object left, Object right) {
            BigDecimal a = number(left);
            BigDecimal b = number(right);
            boolean numeric = a != null && b != null;
            return switch (operator) {
                case "+" -> numeric ? a.add(b) : text(left) + text(right);
                case "==" -> numeric ? a.compareTo(b) == 0 : Objects.equals(normal(left), normal(right));
                case "!=" -> numeric ? a.compareTo(b) != 0 : !Objects.equals(normal(left), normal(right));
                default -> {
                    int order = numeric ? a.compareTo(b) : text(left).compareTo(text(right));
                    yield switch (operator) {
                        case "<" -> order < 0;
                        case "<=" -> order <= 0;
                        case ">" -> order > 0;
                        case ">=" -> order >= 0;
                        default -> throw new IllegalStateException("unknown operator " + operator);
                    };
                }
            };
        }

        private static Object normal(Object value) {
            return value instanceof Boolean || value == null ? value : text(value);
        }

        private static BigDecimal number(Object value) {
            if (value instanceof BigDecimal number) {
                return number;
            }
            if (value instanceof String s
                    && !s.isEmpty()
                    && s.chars().allMatch(c -> Character.isDigit(c) || c == '.' || c == '-')) {
                try {
                    return new BigDecimal(s);
                } catch (NumberFormatException e) {
                    return null;
                }
            }
            return null;
        }
    }
}
