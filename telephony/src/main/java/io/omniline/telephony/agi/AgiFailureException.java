package io.omniline.telephony.agi;

import org.asteriskjava.fastagi.AgiException;

/** Asterisk refused or failed a command (510, 520, a broken connection): the session cannot go on as planned. */
public final class AgiFailureException extends RuntimeException {

    AgiFailureException(AgiException cause) {
        super("AGI command failed: " + cause.getMessage(), cause);
    }
}
