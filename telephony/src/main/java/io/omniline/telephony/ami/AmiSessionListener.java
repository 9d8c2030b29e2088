package io.omniline.telephony.ami;

import java.util.List;

/**
 * Hears when the supervised AMI connection logs in and when it is lost, on the supervisor's
 * thread; it must not block it.
 */
public interface AmiSessionListener {

    /** Logged in: what the lost connection had said is out of date, and events flow again. */
    void loggedIn();

    /** No connection now (a failed attempt, a closed or silent connection, or Omniline stopping). */
    void lost(String reason);

    /** Each listener in turn, in the order given. */
    static AmiSessionListener inOrder(AmiSessionListener... listeners) {
        List<AmiSessionListener> all = List.of(listeners);
        return new AmiSessionListener() {
            @Override
            public void loggedIn() {
                all.forEach(AmiSessionListener::loggedIn);
            }

            @Override
            public void lost(String reason) {
                all.forEach(listener -> listener.lost(reason));
            }
        };
    }
}
