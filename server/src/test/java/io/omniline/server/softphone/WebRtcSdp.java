package io.omniline.server.softphone;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SDP the test peer offers and answers: shaped like what Asterisk sends a {@code webrtc=yes}
 * endpoint (DTLS-SRTP, ICE credentials, rtcp-mux, one bundled audio section with opus, PCMU and
 * telephone-event) so Chromium accepts it, but with no ICE candidate: no media flows (the browser
 * keeps checking for candidates that never come, so it neither fails the call nor sends audio).
 */
final class WebRtcSdp {

    /** A well-formed SHA-256 fingerprint; DTLS never starts, so no certificate stands behind it. */
    private static final String FINGERPRINT = "sha-256 "
            + "7B:8B:F0:65:5F:78:E2:51:3B:AC:6F:F3:3F:46:1B:35:DC:B8:5F:64:1A:24:C2:43:F0:A1:58:D0:A1:2C:19:08";

    private static final Pattern MID = Pattern.compile("^a=mid:(\\S+)$", Pattern.MULTILINE);
    private static final Pattern OPUS =
            Pattern.compile("^a=rtpmap:(\\d+) opus/48000/2$", Pattern.MULTILINE | Pattern.CASE_INSENSITIVE);
    private static final Pattern EVENTS = Pattern.compile("^a=rtpmap:(\\d+) telephone-event/8000$", Pattern.MULTILINE);
    private static final Pattern DIRECTION =
            Pattern.compile("^a=(sendrecv|sendonly|recvonly|inactive)$", Pattern.MULTILINE);
    private static final AtomicLong VERSIONS = new AtomicLong(406782602);

    private WebRtcSdp() {}

    /** What Asterisk offers a WebRTC agent when a queue rings them. */
    static String offer() {
        return lines(
                session(),
                "a=group:BUNDLE 0",
                "a=msid-semantic: WMS asterisk",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111 0 101",
                "a=mid:0",
                "a=rtpmap:111 opus/48000/2",
                "a=fmtp:111 useinbandfec=1",
                "a=rtpmap:0 PCMU/8000",
                "a=rtpmap:101 telephone-event/8000",
                "a=fmtp:101 0-16",
                "a=ptime:20",
                "a=ice-ufrag:AstA",
                "a=ice-pwd:asteriskIcePassword0123456",
                "a=fingerprint:" + FINGERPRINT,
                "a=setup:actpass",
                "a=rtcp-mux",
                "a=msid:asterisk audio",
                "a=ssrc:1811196113 cname:asterisk",
                "a=sendrecv");
    }

    /**
     * The answer to a browser's offer: its mid and codec numbers, the mirrored direction.
     *
     * @param setup the peer's DTLS role: {@code active} in a first answer; in a re-INVITE's answer the
     *     role the peer already has (Chromium refuses a change), {@code passive} where the peer offered first
     */
    static String answer(String offer, String setup) {
        String mid = first(MID, offer, "0");
        String opus = first(OPUS, offer, "111");
        String events = first(EVENTS, offer, null);
        return lines(
                session(),
                "a=group:BUNDLE " + mid,
                "m=audio 9 UDP/TLS/RTP/SAVPF " + opus + (events == null ? "" : " " + events),
                "a=mid:" + mid,
                "a=rtpmap:" + opus + " opus/48000/2",
                "a=fmtp:" + opus + " useinbandfec=1",
                events == null ? null : "a=rtpmap:" + events + " telephone-event/8000",
                "a=ice-ufrag:AstB",
                "a=ice-pwd:asteriskIcePassword6543210",
                "a=fingerprint:" + FINGERPRINT,
                "a=setup:" + setup,
                "a=rtcp-mux",
                "a=" + mirrored(direction(offer)));
    }

    /** The audio direction an SDP asks for (sendonly is "hold" from the side that sends it). */
    static String direction(String sdp) {
        Matcher matcher = DIRECTION.matcher(sdp.replace("\r\n", "\n"));
        return matcher.find() ? matcher.group(1) : "sendrecv";
    }

    private static String mirrored(String direction) {
        return switch (direction) {
            case "sendonly" -> "recvonly";
            case "recvonly" -> "sendonly";
            default -> direction;
        };
    }

    /** The session lines, with a new version each time as Asterisk's are. */
    private static String session() {
        long version = VERSIONS.incrementAndGet();
        return lines(
                        "v=0",
                        "o=- " + version + " " + version + " IN IP4 127.0.0.1",
                        "s=Asterisk",
                        "c=IN IP4 127.0.0.1",
                        "t=0 0")
                .stripTrailing();
    }

    private static String first(Pattern pattern, String sdp, String fallback) {
        Matcher matcher = pattern.matcher(sdp.replace("\r\n", "\n"));
        return matcher.find() ? matcher.group(1) : fallback;
    }

    private static String lines(String... lines) {
        StringBuilder sdp = new StringBuilder();
        Arrays.stream(lines)
                .filter(line -> line != null)
                .forEach(line -> sdp.append(line).append("\r\n"));
        return sdp.toString();
    }
}
