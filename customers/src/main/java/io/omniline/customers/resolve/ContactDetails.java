package io.omniline.customers.resolve;

/** What a chat pre-chat form, an email's From or an SMS sender says about who is writing; any may be blank. */
public record ContactDetails(String name, String phone, String email) {}
