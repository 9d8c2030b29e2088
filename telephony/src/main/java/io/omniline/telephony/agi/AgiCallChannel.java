package io.omniline.telephony.agi;

import io.omniline.ivr.model.SayMode;
import io.omniline.ivr.run.CallChannel;
import io.omniline.ivr.run.CallerHungUpException;
import java.time.Duration;
import java.util.List;
import org.asteriskjava.fastagi.AgiChannel;
import org.asteriskjava.fastagi.AgiException;
import org.asteriskjava.fastagi.AgiHangupException;

/**
 * The interpreter's call channel over a FastAGI session. Asterisk reports a caller who hangs up
 * during GET DATA as {@code 200 result=-1} (then a HANGUP line, then 511 for later commands);
 * both become {@link CallerHungUpException}. The prompt language is set on the channel, so
 * Asterisk picks each sound file in that language.
 */
public final class AgiCallChannel implements CallChannel {

    /** Played while waiting for keys when a node has no prompt of its own. */
    private static final String SILENCE = "silence/1";

    private final AgiChannel channel;
    private String channelLanguage;

    public AgiCallChannel(AgiChannel channel, String channelLanguage) {
        this.channel = channel;
        this.channelLanguage = channelLanguage;
    }

    @Override
    public void answer() {
        run(channel::answer);
    }

    @Override
    public void play(List<String> prompts, String language) {
        useLanguage(language);
        for (String prompt : prompts) {
            run(() -> channel.streamFile(prompt));
        }
    }

    @Override
    public String readDigits(String prompt, String language, int maxDigits, Duration timeout, String terminator) {
        useLanguage(language);
        String digits = call(() -> channel.getData(prompt == null ? SILENCE : prompt, timeout.toMillis(), maxDigits));
        if ("-1".equals(digits)) {
            throw new CallerHungUpException();
        }
        return digits == null ? "" : digits;
    }

    @Override
    public void say(SayMode mode, String value, String language) {
        useLanguage(language);
        run(() -> {
            switch (mode) {
                case DIGITS -> channel.sayDigits(value);
                case NUMBER -> channel.sayNumber(value);
                case LETTERS -> channel.sayAlpha(value);
            }
        });
    }

    @Override
    public void setVariable(String name, String value) {
        run(() -> channel.setVariable(name, value));
    }

    /** A channel variable, for what the environment block does not carry (e.g. the linkedid). */
    public String variable(String name) {
        return call(() -> channel.getVariable(name));
    }

    private void useLanguage(String language) {
        if (language != null && !language.equals(channelLanguage)) {
            setVariable("CHANNEL(language)", language);
            channelLanguage = language;
        }
    }

    private static void run(AgiAction action) {
        call(() -> {
            action.run();
            return null;
        });
    }

    private static <T> T call(AgiCall<T> call) {
        try {
            return call.call();
        } catch (AgiHangupException e) {
            throw new CallerHungUpException();
        } catch (AgiException e) {
            throw new AgiFailureException(e);
        }
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
