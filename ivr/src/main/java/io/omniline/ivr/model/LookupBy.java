package io.omniline.ivr.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a lookup node finds the customer by. */
public enum LookupBy {
    /** The caller's number (caller ID). */
    @JsonProperty("caller")
    CALLER,
    /** Account digits the caller entered into a variable. */
    @JsonProperty("account")
    ACCOUNT
}
