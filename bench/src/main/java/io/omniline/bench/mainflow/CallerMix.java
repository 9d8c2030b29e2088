package io.omniline.bench.mainflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The callers of a run: 10 % VIP customers and 20 % other customers, found by their phone
 * numbers (taken from the node's database), the rest numbers the database does not know; and
 * independently of that 8 % who let one prompt time out and 6 % who hang up in the flow.
 */
public final class CallerMix {

    private static final int VIP_PERCENT = 10;
    private static final int KNOWN_PERCENT = 20;
    private static final int SILENT_PERCENT = 8;
    private static final int HANG_UP_PERCENT = 6;

    private final List<String> knownNumbers;
    private final List<String> vipNumbers;
    private final Duration think;
    private final long seed;
    private final long uniqueIdBase;

    /**
     * @param knownNumbers E.164 numbers of customers who are not VIP
     * @param vipNumbers E.164 numbers of VIP customers
     */
    public CallerMix(List<String> knownNumbers, List<String> vipNumbers, Duration think, long seed) {
        this.knownNumbers = List.copyOf(knownNumbers);
        this.vipNumbers = List.copyOf(vipNumbers);
        this.think = think;
        this.seed = seed;
        // Asterisk's uniqueid is <epoch seconds>.<sequence>; each call here gets its own first part,
        // so the captured calls' other channels can be renamed after it without two calls sharing one.
        this.uniqueIdBase = System.currentTimeMillis() * 10;
    }

    public List<Caller> callers(int count) {
        List<Caller> callers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            callers.add(caller(i));
        }
        return callers;
    }

    /** Callers who all press keys straight away: interactions made quickly for the AMI and pop runs. */
    public List<Caller> quickCustomers(int count) {
        List<Caller> callers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            SplittableRandom random = new SplittableRandom(seed * 31 + i);
            boolean known = !knownNumbers.isEmpty();
            callers.add(new Caller(
                    i,
                    uniqueId(i),
                    known ? digits(knownNumbers.get(random.nextInt(knownNumbers.size()))) : unknownNumber(random),
                    known ? Caller.Kind.KNOWN : Caller.Kind.UNKNOWN,
                    Caller.Behaviour.PRESSES,
                    -1,
                    Duration.ZERO,
                    random.nextLong()));
        }
        return callers;
    }

    private Caller caller(int i) {
        SplittableRandom random = new SplittableRandom(seed * 31 + i);
        int kindRoll = random.nextInt(100);
        Caller.Kind kind;
        String number;
        if (kindRoll < VIP_PERCENT && !vipNumbers.isEmpty()) {
            kind = Caller.Kind.VIP;
            number = digits(vipNumbers.get(random.nextInt(vipNumbers.size())));
        } else if (kindRoll < VIP_PERCENT + KNOWN_PERCENT && !knownNumbers.isEmpty()) {
            kind = Caller.Kind.KNOWN;
            number = digits(knownNumbers.get(random.nextInt(knownNumbers.size())));
        } else {
            kind = Caller.Kind.UNKNOWN;
            number = unknownNumber(random);
        }
        int behaviourRoll = random.nextInt(100);
        Caller.Behaviour behaviour = behaviourRoll < SILENT_PERCENT
                ? Caller.Behaviour.SILENT_ONCE
                : behaviourRoll < SILENT_PERCENT + HANG_UP_PERCENT
                        ? Caller.Behaviour.HANGS_UP
                        : Caller.Behaviour.PRESSES;
        return new Caller(i, uniqueId(i), number, kind, behaviour, random.nextInt(2), think, random.nextLong());
    }

    private String uniqueId(int i) {
        return (uniqueIdBase + i) + ".1";
    }

    /** A US number in area codes 301-900, exchange 555: the seed hands out area codes 200-209 only. */
    private static String unknownNumber(SplittableRandom random) {
        return String.format(Locale.ROOT, "1%03d555%04d", 301 + random.nextInt(600), random.nextInt(10_000));
    }

    private static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    /** How the mix is made, for the report. */
    public static String describe() {
        return String.format(
                Locale.ROOT,
                "%d %% VIP customers and %d %% other customers found by phone, the rest unknown "
                        + "numbers (asked for an account number); %d %% let one prompt time out, %d %% hang up in the flow",
                VIP_PERCENT,
                KNOWN_PERCENT,
                SILENT_PERCENT,
                HANG_UP_PERCENT);
    }
}
