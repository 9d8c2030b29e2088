package io.omniline.ivr.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How Asterisk reads a value out: SAY DIGITS, SAY NUMBER or SAY ALPHA. */
public enum SayMode {
    @JsonProperty("digits")
    DIGITS,
    @JsonProperty("number")
    NUMBER,
    @JsonProperty("letters")
    LETTERS
}
