package io.omniline.telephony.ami;

/** Where actions go: one connection, or the supervised connection of the moment. */
public interface AmiLink {

    /** Sends an action and returns Asterisk's response, whatever it says. */
    AmiPacket send(AmiAction action) throws AmiException;

    /**
     * Sends a list action (QueueStatus, CoreShowChannels) and returns its items once the list is
     * complete. The items also reach the event listener, in stream order.
     *
     * @throws AmiException when Asterisk answers with an error (an action app_queue has not
     *     registered yet: "Invalid/unknown command"), or the list does not complete in time
     */
    AmiList sendList(AmiAction action) throws AmiException;
}
