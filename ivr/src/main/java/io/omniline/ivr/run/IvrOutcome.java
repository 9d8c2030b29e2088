package io.omniline.ivr.run;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** How a call left the IVR. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = IvrOutcome.Queued.class, name = "queued"),
    @JsonSubTypes.Type(value = IvrOutcome.CallbackRequested.class, name = "callback"),
    @JsonSubTypes.Type(value = IvrOutcome.Voicemail.class, name = "voicemail"),
    @JsonSubTypes.Type(value = IvrOutcome.Transferred.class, name = "transferred"),
    @JsonSubTypes.Type(value = IvrOutcome.HungUp.class, name = "hangup"),
    @JsonSubTypes.Type(value = IvrOutcome.CallerHungUp.class, name = "caller-hung-up"),
    @JsonSubTypes.Type(value = IvrOutcome.Failed.class, name = "failed")
})
public sealed interface IvrOutcome {

    /**
     * Into an Asterisk queue.
     *
     * @param announcePosition tell the caller their place in line before the queue takes them
     * @param announceWait tell the caller the estimated wait before the queue takes them
     * @param onTimeout node of {@code flow} to continue at when the caller waited too long, or null
     */
    record Queued(
            String queue,
            int priority,
            Integer maxWaitSeconds,
            boolean announcePosition,
            boolean announceWait,
            String flow,
            String onTimeout)
            implements IvrOutcome {}

    /** The caller keeps their place; call them back at {@code number} from {@code queue}. */
    record CallbackRequested(String number, String queue) implements IvrOutcome {}

    record Voicemail(String mailbox) implements IvrOutcome {}

    record Transferred(String number) implements IvrOutcome {}

    /** The flow ended the call. */
    record HungUp() implements IvrOutcome {}

    /** The caller hung up inside the IVR: abandoned. */
    record CallerHungUp() implements IvrOutcome {}

    /** The flow could not go on (step limit, missing sub-flow, broken node); says why. */
    record Failed(String reason) implements IvrOutcome {}
}
