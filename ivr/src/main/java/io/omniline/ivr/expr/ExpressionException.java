package io.omniline.ivr.expr;

/** An expression that cannot be parsed; says where and why. */
public final class ExpressionException extends IllegalArgumentException {

    ExpressionException(String text, int position, String reason) {
        super(reason + " at position " + (position + 1) + " of \"" + text + "\"");
    }
}
