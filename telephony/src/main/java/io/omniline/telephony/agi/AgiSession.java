package io.omniline.telephony.agi;

/**
 * What one FastAGI connection shows beyond Asterisk-Java's {@code AgiChannel}, which reads
 * Asterisk's {@code HANGUP} line and drops it: whether that line has come, and a way to end the
 * session the way Asterisk expects.
 */
public interface AgiSession {

    /**
     * Asterisk wrote its bare {@code HANGUP} line: the caller has gone (captures agi-04, agi-07).
     * A missing sound file never causes one (fact 38).
     */
    boolean hangupSeen();

    /**
     * Half-closes the connection (FIN) so that Asterisk ends {@code AGI()} at once: the caller's
     * channel is released (fact 29) or the dialplan goes on. Asterisk answers with one last
     * {@code HANGUP} and closes (fact 44); nothing can be sent after this.
     */
    void end();
}
