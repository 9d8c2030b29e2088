package io.omniline.telephony.calls;

/** Hears what happens to queued calls, in each call's order, after it is stored. */
public interface CallEventListener {

    void on(CallEvent event);
}
