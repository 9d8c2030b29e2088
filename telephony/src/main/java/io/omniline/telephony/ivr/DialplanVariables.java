package io.omniline.telephony.ivr;

/**
 * The channel variables the IVR leaves for the dialplan after AGI() returns; asterisk-conf's
 * extensions.conf reads them to run Queue(), VoiceMail() or Dial().
 */
public final class DialplanVariables {

    /** queue, callback, voicemail, transfer or hangup. */
    public static final String ACTION = "OMNILINE_ACTION";

    public static final String INTERACTION_ID = "OMNILINE_INTERACTION_ID";
    public static final String QUEUE = "OMNILINE_QUEUE";
    public static final String QUEUE_PRIORITY = "OMNILINE_QUEUE_PRIORITY";
    /** Seconds the caller may wait in the queue; empty for no limit. */
    public static final String QUEUE_MAX_WAIT = "OMNILINE_QUEUE_MAXWAIT";
    /** Where the IVR resumes when the queue times out: AGI(agi://…/ivr?flow=F&node=N). */
    public static final String RESUME_FLOW = "OMNILINE_RESUME_FLOW";

    public static final String RESUME_NODE = "OMNILINE_RESUME_NODE";
    public static final String CALLBACK_NUMBER = "OMNILINE_CALLBACK_NUMBER";
    public static final String MAILBOX = "OMNILINE_MAILBOX";
    public static final String TRANSFER_TO = "OMNILINE_TRANSFER_TO";

    private DialplanVariables() {}
}
