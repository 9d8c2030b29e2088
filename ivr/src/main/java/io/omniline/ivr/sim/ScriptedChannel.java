package io.omniline.ivr.sim;

import io.omniline.ivr.model.SayMode;
import io.omniline.ivr.run.CallChannel;
import io.omniline.ivr.run.CallerHungUpException;
import io.omniline.ivr.run.Recording;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A call whose caller follows a script. Keys typed later than a prompt's timeout arrive at the
 * next prompt, as on a real line; what the caller hears is kept for the admin to read.
 */
final class ScriptedChannel implements CallChannel {

    private final Deque<Scenario.Input> inputs;
    private final SimulatedClock clock;
    private final List<String> heard = new ArrayList<>();
    private boolean hungUp;

    ScriptedChannel(List<Scenario.Input> inputs, SimulatedClock clock) {
        this.inputs = new ArrayDeque<>(inputs);
        this.clock = clock;
    }

    @Override
    public void answer() {
        heard.add("(answered)");
    }

    @Override
    public void play(List<String> prompts, String language) {
        checkLine();
        prompts.forEach(prompt -> heard.add("play " + prompt + " [" + language + "]"));
    }

    @Override
    public String readDigits(String prompt, String language, int maxDigits, Duration timeout, String terminator) {
        checkLine();
        if (prompt != null) {
            heard.add("play " + prompt + " [" + language + "]");
        }
        Scenario.Input input = inputs.poll();
        if (input == null || (input.digits() == null && !input.isHangup())) {
            clock.advance(timeout);
            return "";
        }
        double seconds = input.delay();
        if (seconds > timeout.toMillis() / 1000.0) {
            clock.advance(timeout);
            inputs.push(new Scenario.Input(input.digits(), seconds - timeout.toMillis() / 1000.0, input.hangup()));
            return "";
        }
        clock.advance(Duration.ofMillis((long) (seconds * 1000)));
        if (input.isHangup()) {
            hungUp = true;
            heard.add("(caller hung up)");
            throw new CallerHungUpException();
        }
        StringBuilder digits = new StringBuilder();
        for (char c : input.digits().toCharArray()) {
            if (terminator != null && terminator.indexOf(c) >= 0) {
                break;
            }
            digits.append(c);
            if (digits.length() == maxDigits) {
                break;
            }
        }
        return digits.toString();
    }

    /**
     * The caller's next input is what they do while recording, after speaking for its delay: keys
     * end it, no keys let it run into the silence limit, a hang-up ends it and the call; speaking
     * past the limit ends it there. Nothing is written; the length says how long the caller spoke.
     */
    @Override
    public Recording record(String prompt, String language, String file, Duration limit, Duration silence) {
        checkLine();
        if (prompt != null) {
            heard.add("play " + prompt + " [" + language + "]");
        }
        heard.add("(beep) recording");
        Scenario.Input input = inputs.poll();
        if (input == null) {
            clock.advance(silence);
            return new Recording(Recording.Ending.TIMEOUT, 0);
        }
        Duration spoke = Duration.ofMillis((long) (input.delay() * 1000));
        if (spoke.compareTo(limit) >= 0) {
            clock.advance(limit);
            return new Recording(Recording.Ending.TIMEOUT, limit.toMillis() * 8);
        }
        clock.advance(spoke);
        if (input.digits() == null && !input.isHangup()) {
            clock.advance(silence);
            return new Recording(Recording.Ending.TIMEOUT, spoke.toMillis() * 8);
        }
        if (input.isHangup()) {
            hungUp = true;
            heard.add("(caller hung up)");
            return new Recording(Recording.Ending.HANGUP, spoke.toMillis() * 8);
        }
        return new Recording(Recording.Ending.KEY, spoke.toMillis() * 8);
    }

    @Override
    public void say(SayMode mode, String value, String language) {
        checkLine();
        heard.add("say " + mode.name().toLowerCase() + " " + value + " [" + language + "]");
    }

    @Override
    public void setVariable(String name, String value) {
        // Flows set no channel variables; the dialplan's come from telephony after the flow ends.
    }

    List<String> heard() {
        return heard;
    }

    private void checkLine() {
        if (hungUp) {
            throw new CallerHungUpException();
        }
    }
}
