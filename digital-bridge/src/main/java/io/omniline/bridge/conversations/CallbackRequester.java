package io.omniline.bridge.conversations;

import io.omniline.db.interaction.Interaction;

/** Places the phone call a chat, email or SMS turned into; telephony implements it over AMI. */
@FunctionalInterface
public interface CallbackRequester {

    void requestCallback(Interaction interaction, String e164Number);
}
