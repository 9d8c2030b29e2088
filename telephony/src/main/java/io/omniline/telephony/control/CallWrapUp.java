package io.omniline.telephony.control;

import io.omniline.db.ConflictException;
import io.omniline.db.interaction.Interaction;
import io.omniline.db.interaction.InteractionOutcome;
import io.omniline.db.interaction.InteractionRepository;
import io.omniline.db.interaction.InteractionState;
import io.omniline.telephony.calls.WrapUpListener;

/** The agent's wrap-up of a phone call: a disposition (and notes) ends the call as completed. */
public final class CallWrapUp {

    private final InteractionRepository interactions;
    private final WrapUpListener wrappedUp;

    /** @param wrappedUp told of each call whose wrap-up the agent saved (the agent state log moves on) */
    public CallWrapUp(InteractionRepository interactions, WrapUpListener wrappedUp) {
        this.interactions = interactions;
        this.wrappedUp = wrappedUp;
    }

    /** @throws ConflictException when the call is not in wrap-up */
    public void requireWrapUp(Interaction call) {
        if (call.state() != InteractionState.wrap_up) {
            throw new ConflictException(
                    "call " + call.id() + " is " + call.state().getLiteral() + ", not in wrap-up");
        }
    }

    /**
     * @return the call, ended
     * @throws IllegalArgumentException when there is no disposition
     */
    public Interaction save(long callId, String disposition, String notes) {
        if (disposition == null || disposition.isBlank()) {
            throw new IllegalArgumentException("a wrap-up needs a disposition");
        }
        interactions.recordDisposition(callId, disposition.strip(), notes);
        Interaction ended = interactions.end(callId, InteractionOutcome.completed);
        wrappedUp.wrapUpSaved(ended);
        return ended;
    }
}
