package io.omniline.server.softphone;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * The phone system's side of the softphone, for tests: SIP over WebSocket (RFC 7118, subprotocol
 * {@code sip}, one message per text frame) on a free port, acting the way Asterisk's PJSIP does
 * towards a WebRTC endpoint. It challenges REGISTER and INVITE with MD5 digest (realm
 * {@code asterisk}) and checks the answer against the agent's password; rings a registered agent
 * with an INVITE shaped like the captured one Asterisk sent an agent phone (sip-09b), plus the
 * {@code X-Omniline-Interaction} header asterisk-conf's predial handler adds and a WebRTC offer;
 * answers re-INVITEs (hold, resume), INFO (DTMF) and BYE; cancels; and carries out REFER as
 * Asterisk does: 202, NOTIFY with the progress as a sipfrag, then BYE on the transferred legs.
 * Every message either side sent is kept, for the tests to look at.
 */
public final class SipOverWebSocketPeer implements AutoCloseable {

    static final String REALM = "asterisk";
    static final String DOMAIN = "127.0.0.1";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Pattern PARAMETER = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]+))");
    private static final Pattern REPLACES = Pattern.compile("[?&]Replaces=([^&>]+)");
    private static final String ALLOW =
            "OPTIONS, REGISTER, SUBSCRIBE, NOTIFY, PUBLISH, INVITE, ACK, BYE, CANCEL, UPDATE, "
                    + "PRACK, MESSAGE, INFO, REFER";

    private final Map<String, String> passwords;
    private final Server http;
    private final ServerConnector connector;
    private final List<Exchange> transcript = new CopyOnWriteArrayList<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final Map<String, Registration> registrations = new ConcurrentHashMap<>();
    private final Map<String, Dialog> dialogs = new ConcurrentHashMap<>();
    private final AtomicLong cseqs = new AtomicLong(25530);

    /** One message and which way it went. */
    record Exchange(boolean fromBrowser, SipMessage message) {}

    private record Registration(String contact, Session socket) {}

    /** @param passwords SIP user to password, as pjsip.conf's auth sections hold them */
    SipOverWebSocketPeer(Map<String, String> passwords) throws Exception {
        this.passwords = Map.copyOf(passwords);
        // Asterisk's WSS transport takes any page's Origin, so this peer is a bare Jetty, not Omniline's server.
        this.http = new Server();
        this.connector = new ServerConnector(http);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        http.addConnector(connector);
        http.setHandler(WebSocketUpgradeHandler.from(
                http,
                container -> container.addMapping("/ws", (request, response, callback) -> {
                    if (!request.hasSubProtocol("sip")) {
                        Response.writeError(request, response, callback, 400, "SIP over WebSocket only");
                        return null;
                    }
                    response.setAcceptedSubProtocol("sip");
                    return new Connection();
                })));
        http.start();
    }

    /** Where the softphone connects, for softphone.webSocketUrls. */
    String url() {
        return "ws://127.0.0.1:" + connector.getLocalPort() + "/ws";
    }

    /* ---------------- what the tests do and wait for ---------------- */

    /** Waits for the agent's successful registration (a 200 to their REGISTER). */
    void awaitRegistered(String user) {
        awaitFromPeer(
                "a 200 OK to " + user + "'s REGISTER",
                message -> message.status() == 200
                        && message.cseqMethod().equals("REGISTER")
                        && SipMessage.userOf(message.header("To")).equals(user)
                        && registrations.containsKey(user));
    }

    /** Rings the registered agent as a queue would, with the caller's ID and (when known) the interaction. */
    Dialog ring(String user, String callerNumber, String callerName, Long interactionId) {
        Registration registration = registrations.get(user);
        if (registration == null) {
            throw new AssertionError(user + " is not registered; transcript:\n" + transcript());
        }
        String callId = UUID.randomUUID().toString();
        SipMessage invite = SipMessage.request("INVITE", registration.contact())
                .add("Via", via())
                .add(
                        "From",
                        "\"" + callerName + "\" <sip:" + callerNumber + "@" + DOMAIN + ">;tag=" + UUID.randomUUID())
                .add("To", "<sip:" + user + "@" + DOMAIN + ">")
                .add("Contact", "<sip:asterisk@" + DOMAIN + ";transport=ws>")
                .add("Call-ID", callId)
                .add("CSeq", cseqs.incrementAndGet() + " INVITE")
                .add("Allow", ALLOW)
                .add("Supported", "100rel, timer, replaces, norefersub, histinfo")
                .add("Session-Expires", "1800")
                .add("Min-SE", "90")
                .add("Max-Forwards", "70")
                .add("User-Agent", "Omniline test peer (as Asterisk 22)");
        if (interactionId != null) {
            invite.add("X-Omniline-Interaction", String.valueOf(interactionId));
        }
        invite = invite.withBody("application/sdp", WebRtcSdp.offer());
        Dialog dialog = new Dialog(callId, registration.socket(), invite, true);
        dialogs.put(callId, dialog);
        send(registration.socket(), invite);
        return dialog;
    }

    /** Waits for the softphone's (authorized) INVITE to {@code target} and answers it with 100 and 180. */
    Dialog awaitCallTo(String target) {
        SipMessage invite = awaitFromBrowser(
                "an authorized INVITE to " + target,
                message -> message.isRequest()
                        && message.method().equals("INVITE")
                        && message.toTag() == null
                        && message.header("Authorization") != null
                        && SipMessage.userOf(message.requestUri()).equals(target)
                        && dialogs.containsKey(message.callId()));
        return dialogs.get(invite.callId());
    }

    SipMessage awaitFromBrowser(String what, Predicate<SipMessage> test) {
        return await(true, what, test);
    }

    SipMessage awaitFromPeer(String what, Predicate<SipMessage> test) {
        return await(false, what, test);
    }

    /** Every message, in order, as text: for failure messages and for the report of what was tried. */
    String transcript() {
        StringBuilder text = new StringBuilder();
        for (Exchange exchange : transcript) {
            text.append(exchange.fromBrowser() ? "---- browser → peer\n" : "---- peer → browser\n")
                    .append(exchange.message().render())
                    .append('\n');
        }
        return text.toString();
    }

    List<Exchange> exchanges() {
        return List.copyOf(transcript);
    }

    private SipMessage await(boolean fromBrowser, String what, Predicate<SipMessage> test) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            for (Exchange exchange : transcript) {
                if (exchange.fromBrowser() == fromBrowser && test.test(exchange.message())) {
                    return exchange.message();
                }
            }
            sleep();
        }
        throw new AssertionError("no " + what + " within " + WAIT.toSeconds() + " s; transcript:\n" + transcript());
    }

    /* ---------------- one call ---------------- */

    /** A call between the peer and the softphone, whichever side started it. */
    final class Dialog {

        private final String callId;
        private final Session socket;
        private final SipMessage invite;
        private final boolean peerCalled;
        private volatile String remoteTarget;
        private volatile String browserTag;
        private final String peerTag;
        private volatile boolean answered;
        private volatile boolean ended;

        private Dialog(String callId, Session socket, SipMessage invite, boolean peerCalled) {
            this.callId = callId;
            this.socket = socket;
            this.invite = invite;
            this.peerCalled = peerCalled;
            this.peerTag =
                    peerCalled ? invite.fromTag() : UUID.randomUUID().toString().substring(0, 8);
            if (!peerCalled) {
                this.remoteTarget = SipMessage.uriOf(invite.header("Contact"));
                this.browserTag = invite.fromTag();
            }
        }

        String callId() {
            return callId;
        }

        String peerTag() {
            return peerTag;
        }

        String browserTag() {
            return browserTag;
        }

        /** The number or extension the softphone called. */
        String target() {
            return SipMessage.userOf(invite.requestUri());
        }

        boolean ended() {
            return ended;
        }

        /** Waits until the softphone says 180 Ringing for the peer's INVITE. */
        void awaitRinging() {
            awaitFromBrowser(
                    "180 Ringing on " + callId, message -> message.status() == 180 && callId.equals(message.callId()));
        }

        /** Waits until the agent answered (a 200 with SDP, which the peer acknowledges). */
        SipMessage awaitAnswered() {
            return awaitFromBrowser(
                    "200 OK to the INVITE on " + callId,
                    message -> message.status() == 200
                            && callId.equals(message.callId())
                            && message.cseqMethod().equals("INVITE")
                            && answered);
        }

        /** The caller gives up while it rings: CANCEL, then the peer acknowledges the 487. */
        void cancel() {
            SipMessage cancel = SipMessage.request("CANCEL", invite.requestUri())
                    .add("Via", invite.header("Via"))
                    .add("From", invite.header("From"))
                    .add("To", invite.header("To"))
                    .add("Call-ID", callId)
                    .add("CSeq", invite.cseq() + " CANCEL")
                    .add("Max-Forwards", "70")
                    .add("Reason", "Q.850;cause=16");
            send(socket, cancel);
            awaitFromBrowser(
                    "487 to the cancelled INVITE",
                    message -> message.status() == 487 && callId.equals(message.callId()));
        }

        /** The far end hangs up. */
        void hangUp() {
            send(socket, inDialog("BYE").add("Reason", "Q.850;cause=16"));
            ended = true;
        }

        /** Answers the softphone's call (200 OK with an SDP answer) and waits for its ACK. */
        void answer() {
            SipMessage ok = SipMessage.response(invite, 200, "OK");
            ok.set("To", invite.header("To") + ";tag=" + peerTag)
                    .add("Contact", "<sip:asterisk@" + DOMAIN + ";transport=ws>")
                    .add("Allow", ALLOW)
                    .add("Supported", "100rel, timer, replaces, norefersub");
            answered = true;
            send(socket, ok.withBody("application/sdp", WebRtcSdp.answer(invite.body(), "active")));
            awaitFromBrowser(
                    "ACK of the answered call " + callId,
                    message ->
                            message.isRequest() && message.method().equals("ACK") && callId.equals(message.callId()));
        }

        /** Waits for a request the softphone sends in this call. */
        SipMessage awaitRequest(String method, Predicate<SipMessage> test) {
            return awaitFromBrowser(
                    method + " on " + callId,
                    message -> message.isRequest()
                            && message.method().equals(method)
                            && callId.equals(message.callId())
                            && test.test(message));
        }

        /** Waits for the end of the call, whoever ended it. */
        void awaitEnded() {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!ended && System.nanoTime() < deadline) {
                sleep();
            }
            if (!ended) {
                throw new AssertionError("call " + callId + " did not end; transcript:\n" + transcript());
            }
        }

        private SipMessage inDialog(String method) {
            String peerSide = peerCalled ? invite.header("From") : invite.header("To") + ";tag=" + peerTag;
            String browserSide = peerCalled ? invite.header("To") + ";tag=" + browserTag : invite.header("From");
            return SipMessage.request(method, remoteTarget)
                    .add("Via", via())
                    .add("From", peerSide)
                    .add("To", browserSide)
                    .add("Call-ID", callId)
                    .add("CSeq", cseqs.incrementAndGet() + " " + method)
                    .add("Max-Forwards", "70");
        }

        private boolean is(String replaces) {
            // RFC 3891, as JsSIP writes it: call-id;to-tag=<the recipient's tag>;from-tag=<the sender's tag>
            String decoded = URLDecoder.decode(replaces, StandardCharsets.UTF_8);
            String[] parts = decoded.split(";");
            Map<String, String> tags = new ConcurrentHashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                tags.put(pair[0].strip(), pair.length > 1 ? pair[1].strip() : "");
            }
            return parts[0].equals(callId)
                    && peerTag.equals(tags.get("to-tag"))
                    && browserTag != null
                    && browserTag.equals(tags.get("from-tag"));
        }
    }

    /* ---------------- the wire ---------------- */

    /** One WebSocket from a softphone. */
    public final class Connection implements Session.Listener.AutoDemanding {

        private volatile Session session;

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session;
        }

        @Override
        public void onWebSocketText(String text) {
            SipMessage message = SipMessage.parse(text);
            transcript.add(new Exchange(true, message));
            if (message.isRequest()) {
                request(session, message);
            } else {
                response(session, message);
            }
        }
    }

    private void request(Session socket, SipMessage request) {
        switch (request.method()) {
            case "REGISTER" -> register(socket, request);
            case "INVITE" -> invite(socket, request);
            case "ACK" -> {}
            case "BYE" -> {
                send(socket, SipMessage.response(request, 200, "OK"));
                Dialog dialog = dialogs.get(request.callId());
                if (dialog != null) {
                    dialog.ended = true;
                }
            }
            case "CANCEL" -> cancelled(socket, request);
            case "INFO", "OPTIONS" -> send(socket, SipMessage.response(request, 200, "OK"));
            case "REFER" -> refer(socket, request);
            default -> send(socket, SipMessage.response(request, 501, "Not Implemented"));
        }
    }

    private void response(Session socket, SipMessage response) {
        Dialog dialog = dialogs.get(response.callId());
        if (dialog == null || !response.cseqMethod().equals("INVITE") || !dialog.peerCalled) {
            return;
        }
        if (response.status() >= 200 && response.status() < 300) {
            dialog.browserTag = response.toTag();
            dialog.remoteTarget = SipMessage.uriOf(response.header("Contact"));
            dialog.answered = true;
            send(
                    socket,
                    SipMessage.request("ACK", dialog.remoteTarget)
                            .add("Via", via())
                            .add("From", dialog.invite.header("From"))
                            .add("To", response.header("To"))
                            .add("Call-ID", dialog.callId)
                            .add("CSeq", dialog.invite.cseq() + " ACK")
                            .add("Max-Forwards", "70"));
        } else if (response.status() >= 300) {
            // A final failure is acknowledged in its own transaction (same Via branch as the INVITE).
            send(
                    socket,
                    SipMessage.request("ACK", dialog.invite.requestUri())
                            .add("Via", dialog.invite.header("Via"))
                            .add("From", dialog.invite.header("From"))
                            .add("To", response.header("To"))
                            .add("Call-ID", dialog.callId)
                            .add("CSeq", dialog.invite.cseq() + " ACK")
                            .add("Max-Forwards", "70"));
            dialog.ended = true;
        }
    }

    private void register(Session socket, SipMessage request) {
        String user = SipMessage.userOf(request.header("To"));
        if (!authorized(request)) {
            send(socket, challenge(request));
            return;
        }
        String contact = SipMessage.uriOf(request.header("Contact"));
        String expires = request.header("Expires");
        SipMessage ok = SipMessage.response(request, 200, "OK");
        ok.set(
                "To",
                request.header("To") + ";tag=" + UUID.randomUUID().toString().substring(0, 8));
        if ("0".equals(expires)) {
            registrations.remove(user);
        } else {
            registrations.put(user, new Registration(contact, socket));
            ok.add("Contact", "<" + contact + ">;expires=599");
            ok.add("Expires", "600");
        }
        send(socket, ok.add("Server", "Omniline test peer (as Asterisk 22)"));
    }

    private void invite(Session socket, SipMessage request) {
        Dialog existing = dialogs.get(request.callId());
        if (existing != null && request.toTag() != null) {
            // A re-INVITE: hold (sendonly), resume (sendrecv). The DTLS roles of the first exchange stay.
            SipMessage ok = SipMessage.response(request, 200, "OK")
                    .add("Contact", "<sip:asterisk@" + DOMAIN + ";transport=ws>")
                    .add("Allow", ALLOW);
            send(
                    socket,
                    ok.withBody(
                            "application/sdp",
                            WebRtcSdp.answer(request.body(), existing.peerCalled ? "passive" : "active")));
            return;
        }
        if (!authorized(request)) {
            send(socket, challenge(request));
            return;
        }
        Dialog dialog = new Dialog(request.callId(), socket, request, false);
        dialogs.put(request.callId(), dialog);
        send(socket, SipMessage.response(request, 100, "Trying"));
        SipMessage ringing = SipMessage.response(request, 180, "Ringing");
        ringing.set("To", request.header("To") + ";tag=" + dialog.peerTag)
                .add("Contact", "<sip:asterisk@" + DOMAIN + ";transport=ws>");
        send(socket, ringing);
    }

    private void cancelled(Session socket, SipMessage cancel) {
        send(socket, SipMessage.response(cancel, 200, "OK"));
        Dialog dialog = dialogs.get(cancel.callId());
        if (dialog != null && !dialog.answered) {
            SipMessage terminated = SipMessage.response(dialog.invite, 487, "Request Terminated");
            terminated.set("To", dialog.invite.header("To") + ";tag=" + dialog.peerTag);
            send(socket, terminated);
            dialog.ended = true;
        }
    }

    /**
     * As Asterisk: 202 at once, then NOTIFYs carrying the transfer's progress, then BYE to the
     * transferring agent's legs (the call, and for an attended transfer the consultation it replaced).
     */
    private void refer(Session socket, SipMessage refer) {
        Dialog dialog = dialogs.get(refer.callId());
        send(
                socket,
                SipMessage.response(refer, 202, "Accepted")
                        .add("Contact", "<sip:asterisk@" + DOMAIN + ";transport=ws>"));
        Matcher matcher = REPLACES.matcher(refer.header("Refer-To"));
        String replaces = matcher.find() ? matcher.group(1) : null;
        Dialog consultation = replaces == null
                ? null
                : dialogs.values().stream()
                        .filter(d -> d.is(replaces))
                        .findFirst()
                        .orElse(null);
        boolean possible = replaces == null || consultation != null;
        Thread.ofVirtual().start(() -> {
            String event = "refer;id=" + refer.cseq();
            send(
                    socket,
                    dialog.inDialog("NOTIFY")
                            .add("Event", event)
                            .add("Subscription-State", "active;expires=180")
                            .withBody("message/sipfrag;version=2.0", "SIP/2.0 100 Trying\r\n"));
            send(
                    socket,
                    dialog.inDialog("NOTIFY")
                            .add("Event", event)
                            .add("Subscription-State", "terminated;reason=noresource")
                            .withBody(
                                    "message/sipfrag;version=2.0",
                                    possible
                                            ? "SIP/2.0 200 OK\r\n"
                                            : "SIP/2.0 481 Call/Transaction Does Not Exist\r\n"));
            if (possible) {
                dialog.hangUp();
                if (consultation != null) {
                    consultation.hangUp();
                }
            }
        });
    }

    private SipMessage challenge(SipMessage request) {
        String nonce = UUID.randomUUID().toString().replace("-", "");
        nonces.add(nonce);
        SipMessage unauthorized = SipMessage.response(request, 401, "Unauthorized");
        if (request.toTag() == null) {
            unauthorized.set(
                    "To",
                    request.header("To") + ";tag="
                            + UUID.randomUUID().toString().substring(0, 8));
        }
        return unauthorized.add(
                "WWW-Authenticate",
                "Digest realm=\"" + REALM + "\",nonce=\"" + nonce + "\",opaque=\"" + UUID.randomUUID()
                        + "\",algorithm=MD5,qop=\"auth\"");
    }

    /** Whether the request carries a digest answer, to a nonce this peer gave, that the user's password yields. */
    private boolean authorized(SipMessage request) {
        String header = request.header("Authorization");
        if (header == null || !header.startsWith("Digest ")) {
            return false;
        }
        Map<String, String> digest = new ConcurrentHashMap<>();
        Matcher parameter = PARAMETER.matcher(header.substring(7));
        while (parameter.find()) {
            digest.put(parameter.group(1), parameter.group(2) != null ? parameter.group(2) : parameter.group(3));
        }
        String password = passwords.get(digest.get("username"));
        if (password == null
                || !nonces.contains(digest.getOrDefault("nonce", ""))
                || !REALM.equals(digest.get("realm"))) {
            return false;
        }
        String ha1 = md5(digest.get("username") + ":" + REALM + ":" + password);
        String ha2 = md5(request.method() + ":" + digest.get("uri"));
        String expected = digest.containsKey("qop")
                ? md5(ha1 + ":" + digest.get("nonce") + ":" + digest.get("nc") + ":" + digest.get("cnonce") + ":"
                        + digest.get("qop") + ":" + ha2)
                : md5(ha1 + ":" + digest.get("nonce") + ":" + ha2);
        return expected.equals(digest.get("response"));
    }

    private void send(Session socket, SipMessage message) {
        transcript.add(new Exchange(false, message));
        synchronized (socket) {
            Callback.Completable sent = new Callback.Completable();
            socket.sendText(message.render(), sent);
            try {
                sent.get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("could not send to the softphone", e);
            }
        }
    }

    private static String via() {
        return "SIP/2.0/WSS " + DOMAIN + ";rport;branch=z9hG4bKPj" + UUID.randomUUID();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws Exception {
        http.stop();
    }
}
