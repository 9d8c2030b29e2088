package io.omniline.telephony.calls;

import io.omniline.db.interaction.Interaction;

/** Hears that an agent saved a call's wrap-up: the agent's state moves on from wrap-up. */
@FunctionalInterface
public interface WrapUpListener {

    void wrapUpSaved(Interaction call);
}
