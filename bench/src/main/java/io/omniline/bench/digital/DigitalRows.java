package io.omniline.bench.digital;

import io.omniline.bench.Report;
import java.util.Locale;

/** The chat, email and SMS runs' rows of the benchmark table. */
public final class DigitalRows {

    private DigitalRows() {}

    public static void section(Report report, String where) {
        report.section("Chat, email and SMS, real path: " + where + " through the inbound pipeline (customer, "
                + "dedupe, conversation, store, route)");
    }

    public static void chat(Report report, ChatBenchmark.Result result, int sessions, int rate) {
        report.single("chat sockets held (of " + sessions + ")", Integer.toString(result.sessionsHeld()), "10,000");
        report.single(
                String.format(Locale.ROOT, "chat messages acked/s (%d/s offered)", rate),
                String.format(Locale.ROOT, "%.0f", result.storedPerSecond()),
                "1,000");
        result.figures().forEach(report::latency);
        report.single(
                "chat messages lost (not acked" + (result.stored() < 0 ? "" : ", or acked and not stored") + ", of "
                        + result.sent() + ")",
                Long.toString(lost(result)),
                "0");
        report.note(String.format(
                Locale.ROOT,
                "chat: visitors' WebSockets from the benchmark's JVM, a hello each (a "
                        + "conversation each), then messages spread over them; %d sent, %d acked (after the commit), %d refused %s%s",
                result.sent(),
                result.acked(),
                result.refusedInAll(),
                result.refused(),
                result.stored() < 0 ? "" : ", " + result.stored() + " found in the database"));
    }

    private static long lost(ChatBenchmark.Result result) {
        long notAcked = result.sent() - result.acked();
        return result.stored() < 0 ? notAcked : notAcked + Math.max(0, result.acked() - result.stored());
    }

    public static void email(Report report, EmailBenchmark.Result result, int rate) {
        report.single(
                String.format(Locale.ROOT, "email stored and routed/s (%d/s sent)", rate),
                String.format(Locale.ROOT, "%.1f", result.storedPerSecond()),
                "");
        report.latency(result.latency());
        report.single("email lost (of " + result.sent() + ")", Integer.toString(result.sent() - result.stored()), "0");
        report.note("email: mails sent over SMTP into the GreenMail mailbox the node follows (IMAP IDLE), 7 in 10 from "
                + "customers' addresses; stored and routed = the message on a conversation waiting in the email queue, "
                + "seen by polling the node's database every 5 ms. The node runs with email.pollSeconds 1: GreenMail "
                + "does not announce at the start of an IDLE the mail that came in during the node's last fetch, which "
                + "would otherwise wait for the next nudge (60 s by default)");
        result.missing()
                .forEach((messageId, where) -> report.note("email not seen in the queue: " + messageId + ", " + where));
    }

    public static void sms(Report report, SmsBenchmark.Result result, int rate) {
        report.single(
                String.format(Locale.ROOT, "sms webhook posts answered 200/s (%d/s posted)", rate),
                String.format(Locale.ROOT, "%.0f", result.answeredPerSecond()),
                "");
        report.latency(result.latency());
        report.single(
                "sms lost (of " + result.sent() + ": not answered 200, or not stored)",
                Long.toString(result.sent() - Math.min(result.answered200(), result.stored())),
                "0");
        report.note("sms: signed posts to the node's /webhooks/sms (HMAC-SHA256 with the shared secret), 7 in 10 from "
                + "customers' numbers; the node answers 200 after the text is stored and routed"
                + (result.otherAnswers().isEmpty() ? "" : "; other answers: " + result.otherAnswers())
                + ". SMPP (deliver_sm from a carrier's SMSC) is not driven here");
    }
}
