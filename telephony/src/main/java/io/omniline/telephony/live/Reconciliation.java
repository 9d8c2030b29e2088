package io.omniline.telephony.live;

import java.util.Map;
import java.util.Set;

/**
 * Compares the calls Omniline has open with the channels Asterisk has, after each resync and
 * periodically. Done in two steps so that a call opened after Asterisk was asked cannot be
 * taken for one that is gone: {@link #begin()} reads what is open before the question.
 */
public interface Reconciliation {

    /** Reads the open calls now; throws when the database cannot say (the pass is skipped). */
    Pass begin();

    interface Pass {

        /**
         * @param channels the Uniqueid of every channel Asterisk has now
         * @param waiting callers waiting in a queue now (Uniqueid → queue), empty when not asked
         */
        void finish(Set<String> channels, Map<String, String> waiting);
    }
}
