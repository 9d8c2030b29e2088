package io.omniline.telephony.ami.event;

import java.util.List;

/** Receives every AMI event of a connection, decoded, in the order Asterisk sent them, on its reader thread. */
@FunctionalInterface
public interface AmiEventListener {

    void onEvent(AmiEvent event);

    /** Each listener in turn, in the order given: the live model before the calls that read it. */
    static AmiEventListener inOrder(AmiEventListener... listeners) {
        List<AmiEventListener> all = List.of(listeners);
        return event -> all.forEach(listener -> listener.onEvent(event));
    }
}
