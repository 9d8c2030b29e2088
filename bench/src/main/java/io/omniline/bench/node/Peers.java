package io.omniline.bench.node;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.omniline.telephony.sim.AmiSimulator;
import java.io.IOException;
import java.util.Map;

/**
 * What the node talks to besides its database, played by the benchmark: Asterisk's manager
 * interface (the simulator built from the captures, which the node logs in to as it would to a
 * real Asterisk) and the support mailbox (GreenMail: SMTP in, IMAP with IDLE out to the node).
 */
public final class Peers implements AutoCloseable {

    static final String AMI_USER = "omniline";
    static final String AMI_SECRET = "omniline";
    public static final String MAILBOX = "support@bench.omniline.test";
    static final String MAILBOX_PASSWORD = "bench-mailbox-secret";

    private final AmiSimulator asterisk;
    private final GreenMail mail;

    private Peers(AmiSimulator asterisk, GreenMail mail) {
        this.asterisk = asterisk;
        this.mail = mail;
    }

    static Peers start() throws IOException {
        AmiSimulator asterisk = new AmiSimulator(Map.of(AMI_USER, AMI_SECRET));
        GreenMail mail = new GreenMail(ServerSetup.dynamicPort(ServerSetupTest.SMTP_IMAP));
        try {
            mail.start();
            mail.setUser(MAILBOX, MAILBOX, MAILBOX_PASSWORD);
            return new Peers(asterisk, mail);
        } catch (RuntimeException e) {
            asterisk.close();
            mail.stop();
            throw e;
        }
    }

    public AmiSimulator asterisk() {
        return asterisk;
    }

    public int smtpPort() {
        return mail.getSmtp().getPort();
    }

    int imapPort() {
        return mail.getImap().getPort();
    }

    /** Waits for the node's first AMI login. */
    void awaitAmiLogin() throws InterruptedException {
        for (int i = 0; i < 600 && asterisk.logins() == 0; i++) {
            Thread.sleep(50);
        }
        if (asterisk.logins() == 0) {
            throw new IllegalStateException("the node did not log in to the simulated Asterisk within 30 s");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            asterisk.close();
        } finally {
            mail.stop();
        }
    }
}
