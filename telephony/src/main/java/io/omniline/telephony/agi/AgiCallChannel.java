package io.omniline.telephony.agi;

import io.omniline.ivr.model.SayMode;
import io.omniline.ivr.run.CallChannel;
import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.ivr.run.Recording;
import java.time.Duration;
import java.util.List;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;
import org.asteriskjava.fastagi.reply.AgiReply;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interpreter's call channel over a FastAGI session. The prompt language is set on the
 * channel, so Asterisk picks each sound file in that language.
 *
 * <p>{@code result=-1} does not say why: STREAM FILE and GET DATA of a sound file that does not
 * exist answer {@code 200 result=-1 (endpos=0)} at once with the caller still there, and GET DATA
 * ended by a hang-up answers the very same bytes (facts 36, 37). Only a hang-up is followed by
 * Asterisk's own {@code HANGUP} line and by {@code 511} for channel commands (fact 38). So after
 * an ambiguous {@code -1} the channel asks {@code CHANNEL STATUS}: a hung-up channel answers 511,
 * with the HANGUP line before it (res_agi marks the channel dead before it reads the next
 * command); a live one answers its state. The HANGUP line itself, whenever it arrives, is
 * remembered by the session, so a notice that comes 35 ms after the reply cannot be missed:
 * either it came before the CHANNEL STATUS reply or the 511 says the same.
 *
 * <p>A prompt that cannot play is reported to the listener and the flow goes on (GET DATA then
 * reads as "no digits"). Once the caller is gone the session is half-closed at once, so Asterisk
 * releases the channel without waiting for the rest of Omniline's work (fact 29).
 */
public final class AgiCallChannel implements CallChannel {

    private static final Logger log = LoggerFactory.getLogger(AgiCallChannel.class);
    /** Played while waiting for keys when a node has no prompt of its own. */
    private static final String SILENCE = "silence/1";
    /** 8 kHz 16-bit PCM in a WAV file: what a browser plays as it is. */
    static final String RECORDING_FORMAT = "wav";
    /** The key that ends a recording, as the prompt says. */
    static final String END_RECORDING_KEYS = "#";

    private final AgiChannel channel;
    private final AgiSession session;
    private final UnplayedPrompts unplayed;
    private String channelLanguage;
    private boolean gone;

    /** Told of each prompt Asterisk could not play (its sound file is missing in that language). */
    @FunctionalInterface
    public interface UnplayedPrompts {
        void unplayed(String prompt, String language);
    }

    public AgiCallChannel(AgiChannel channel, AgiSession session, String channelLanguage, UnplayedPrompts unplayed) {
        this.channel = channel;
        this.session = session;
        this.channelLanguage = channelLanguage;
        this.unplayed = unplayed;
    }

    @Override
    public void answer() {
        run(channel::answer);
    }

    @Override
    public void play(List<String> prompts, String language) {
        useLanguage(language);
        for (String prompt : prompts) {
            AgiReply reply = call(() -> channel.sendCommand(AgiCommands.streamFile(prompt)));
            if (isMinusOne(reply)) {
                notPlayed(prompt);
            }
        }
    }

    @Override
    public String readDigits(String prompt, String language, int maxDigits, Duration timeout, String terminator) {
        useLanguage(language);
        String played = prompt == null ? SILENCE : prompt;
        AgiReply reply = call(() -> channel.sendCommand(AgiCommands.getData(played, timeout.toMillis(), maxDigits)));
        if (isMinusOne(reply)) {
            notPlayed(played);
            return "";
        }
        String digits = reply.getResult();
        return digits == null ? "" : digits;
    }

    /**
     * Plays the prompt, then {@code RECORD FILE} in WAV with a beep, ended by #. Asterisk answers
     * {@code 200 result=<key> (dtmf) endpos=<samples>}, {@code (timeout)} after the limit or the
     * silence, and {@code 200 result=-1 (hangup) endpos=<samples>} when the caller hangs up, with
     * what was said kept in the file (res_agi.c handle_recordfile; no capture shows these yet). A
     * caller who hangs up during the beep gets {@code (randomerror)} with -1, and a file Asterisk
     * cannot create {@code (writefile)}: the first is a hang-up, the second a recording that failed.
     */
    @Override
    public Recording record(String prompt, String language, String file, Duration limit, Duration silence) {
        if (prompt != null) {
            play(List.of(prompt), language);
        } else {
            useLanguage(language);
        }
        if (callerGone()) {
            throw hungUp();
        }
        AgiReply reply;
        try {
            reply = channel.sendCommand(AgiCommands.recordFile(
                    file, RECORDING_FORMAT, END_RECORDING_KEYS, limit.toMillis(), (int) silence.toSeconds()));
        } catch (AgiHangupException e) {
            throw hungUp();
        } catch (AgiException e) {
            throw new AgiFailureException(e);
        }
        long samples = endpos(reply);
        String ending = reply.getExtra() == null ? "" : reply.getExtra();
        // Unlike other commands, a HANGUP line seen with a good reply does not undo it: the comment was recorded.
        boolean leftToo = session.hangupSeen();
        if (leftToo) {
            callerLeft();
        }
        switch (ending) {
            case "dtmf":
                return new Recording(leftToo ? Recording.Ending.HANGUP : Recording.Ending.KEY, samples);
            case "timeout":
                return new Recording(leftToo ? Recording.Ending.HANGUP : Recording.Ending.TIMEOUT, samples);
            case "hangup":
                callerLeft();
                return new Recording(Recording.Ending.HANGUP, samples);
            default:
                if (leftToo || ("-1".equals(reply.getResult()) && hungUpAfterMinusOne())) {
                    callerLeft();
                    return new Recording(Recording.Ending.HANGUP, samples);
                }
                log.warn(
                        "Asterisk could not record {} ({}): {}; check that Asterisk may write to its comment directory",
                        file,
                        ending,
                        reply.getFirstLine());
                return new Recording(Recording.Ending.FAILED, 0);
        }
    }

    private static long endpos(AgiReply reply) {
        String endpos = reply.getAttribute("endpos");
        if (endpos == null || !endpos.matches("[0-9]{1,18}")) {
            return 0;
        }
        return Long.parseLong(endpos);
    }

    @Override
    public void say(SayMode mode, String value, String language) {
        useLanguage(language);
        run(() -> {
            switch (mode) {
                case DIGITS -> channel.sendCommand(AgiCommands.sayDigits(value));
                case NUMBER -> channel.sendCommand(AgiCommands.sayNumber(value));
                case LETTERS -> channel.sendCommand(AgiCommands.sayAlpha(value));
            }
        });
    }

    @Override
    public void setVariable(String name, String value) {
        run(() -> channel.sendCommand(AgiCommands.setVariable(name, value)));
    }

    /** A channel variable, for what the environment block does not carry (the linkedid, VMSTATUS). */
    public String variable(String name) {
        return call(() -> {
            AgiReply reply = channel.sendCommand(AgiCommands.getVariable(name));
            return reply.getResultCode() == 1 ? reply.getExtra() : null;
        });
    }

    /** Whether the caller has hung up, as far as this session has seen. */
    public boolean callerGone() {
        return gone || session.hangupSeen();
    }

    /**
     * After a {@code -1}: the caller hung up (the session ends and the flow stops), or the prompt
     * could not be played (reported; the flow goes on).
     */
    private void notPlayed(String prompt) {
        if (hungUpAfterMinusOne()) {
            throw hungUp();
        }
        unplayed.unplayed(prompt, channelLanguage);
    }

    private boolean hungUpAfterMinusOne() {
        if (session.hangupSeen()) {
            return true;
        }
        try {
            channel.getChannelStatus();
            return session.hangupSeen();
        } catch (AgiHangupException e) {
            return true;
        } catch (AgiException e) {
            throw new AgiFailureException(e);
        }
    }

    private static boolean isMinusOne(AgiReply reply) {
        return reply != null && reply.getStatus() == AgiReply.SC_SUCCESS && "-1".equals(reply.getResult());
    }

    /** Sets CHANNEL(language) unless the channel speaks it already: a caller who chose Spanish and heard no prompt since still leaves in Spanish. */
    @Override
    public void keepLanguage(String language) {
        useLanguage(language);
    }

    private void useLanguage(String language) {
        if (language != null && !language.equals(channelLanguage)) {
            setVariable("CHANNEL(language)", language);
            channelLanguage = language;
        }
    }

    private void run(AgiAction action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs one command; a 511, a closed connection or a HANGUP line read on the way all mean the
     * caller is gone.
     */
    private <T> T call(AgiCall<T> call) {
        if (callerGone()) {
            throw hungUp();
        }
        T result;
        try {
            result = call.call();
        } catch (AgiHangupException e) {
            throw hungUp();
        } catch (AgiException e) {
            throw new AgiFailureException(e);
        }
        if (session.hangupSeen()) {
            throw hungUp();
        }
        return result;
    }

    private CallerHungUpException hungUp() {
        callerLeft();
        return new CallerHungUpException();
    }

    private void callerLeft() {
        gone = true;
        session.end();
    }

    @FunctionalInterface
    private interface AgiAction {
        void run() throws AgiException;
    }

    @FunctionalInterface
    private interface AgiCall<T> {
        T call() throws AgiException;
    }
}
