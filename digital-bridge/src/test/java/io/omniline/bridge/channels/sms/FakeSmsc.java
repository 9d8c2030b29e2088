package io.omniline.bridge.channels.sms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.session.connection.ServerConnection;
import org.jsmpp.session.connection.ServerConnectionFactory;
import org.jsmpp.session.connection.socket.ServerSocketConnection;
import org.jsmpp.util.MessageId;

/**
 * A carrier's SMSC for tests, on jsmpp's server side: accepts binds, records submit_sm (and
 * sends a DELIVRD receipt for each when asked), delivers texts to the bound client, and can cut
 * the link or refuse submits like a flaky carrier.
 */
final class FakeSmsc implements AutoCloseable {

    record Submitted(String destination, byte dataCoding, byte[] payload, boolean udhi, String messageId) {}

    private final ServerSocket socket;
    private final SMPPServerSessionListener listener;
    private final AtomicReference<SMPPServerSession> session = new AtomicReference<>();
    private final List<Submitted> submitted = new CopyOnWriteArrayList<>();
    private final AtomicLong ids = new AtomicLong(1000);
    private final ExecutorService work = Executors.newVirtualThreadPerTaskExecutor();
    private volatile boolean receipts;
    private volatile boolean refusing;
    private volatile boolean running = true;

    FakeSmsc() throws IOException {
        socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        listener = new SMPPServerSessionListener(0, new BoundSocket(socket));
        listener.setMessageReceiverListener(new Receiver());
        work.execute(this::acceptLoop);
    }

    int port() {
        return socket.getLocalPort();
    }

    void sendReceipts(boolean send) {
        receipts = send;
    }

    /** While on, every submit_sm is answered with ESME_RSYSERR, as an SMSC in trouble does, and not kept. */
    void refuseSubmits(boolean refuse) {
        refusing = refuse;
    }

    List<Submitted> submitted() {
        return submitted;
    }

    private void acceptLoop() {
        while (running) {
            try {
                SMPPServerSession accepted = listener.accept();
                work.execute(() -> bind(accepted));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void bind(SMPPServerSession accepted) {
        try {
            BindRequest request = accepted.waitForBind(5_000);
            request.accept("fake-smsc");
            // jsmpp's 2 s default for an answer is shorter than a node takes to find its database gone on a
            // loaded test machine; a real SMSC waits longer too (tens of seconds) before it resends.
            accepted.setTransactionTimer(30_000);
            session.set(accepted);
        } catch (Exception e) {
            accepted.close();
        }
    }

    boolean bound() {
        SMPPServerSession current = session.get();
        return current != null && current.getSessionState().isBound();
    }

    /** Delivers a text; throws NegativeResponseException when the client answers with an error status. */
    void deliver(String from, byte dataCoding, byte[] payload, boolean udhi, OptionalParameter... tlvs)
            throws Exception {
        session.get()
                .deliverShortMessage(
                        "",
                        TypeOfNumber.INTERNATIONAL,
                        NumberingPlanIndicator.ISDN,
                        from,
                        TypeOfNumber.UNKNOWN,
                        NumberingPlanIndicator.UNKNOWN,
                        "12345",
                        udhi ? new ESMClass(0x40) : new ESMClass(),
                        (byte) 0,
                        (byte) 0,
                        new RegisteredDelivery(0),
                        new RawDataCoding(dataCoding),
                        payload,
                        tlvs);
    }

    /** Drops the TCP connection without an unbind, like a carrier's failover. */
    void cutLink() {
        SMPPServerSession current = session.getAndSet(null);
        if (current != null) {
            current.close();
        }
    }

    private void receipt(SMPPServerSession to, Submitted sms) {
        SimpleDateFormat format = new SimpleDateFormat("yyMMddHHmm");
        String now = format.format(new Date());
        String text = "id:" + sms.messageId() + " sub:001 dlvrd:001 submit date:" + now + " done date:" + now
                + " stat:DELIVRD err:000 text:";
        try {
            to.deliverShortMessage(
                    "",
                    TypeOfNumber.INTERNATIONAL,
                    NumberingPlanIndicator.ISDN,
                    sms.destination(),
                    TypeOfNumber.UNKNOWN,
                    NumberingPlanIndicator.UNKNOWN,
                    "12345",
                    new ESMClass(MessageType.SMSC_DEL_RECEIPT.value()),
                    (byte) 0,
                    (byte) 0,
                    new RegisteredDelivery(0),
                    new RawDataCoding((byte) 0),
                    text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException("receipt not delivered", e);
        }
    }

    @Override
    public void close() throws IOException {
        running = false;
        cutLink();
        listener.close();
        work.shutdownNow();
        try {
            work.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final class Receiver implements ServerMessageReceiverListener {
        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source)
                throws ProcessRequestException {
            if (refusing) {
                throw new ProcessRequestException("system error", 0x08);
            }
            String id = Long.toHexString(ids.incrementAndGet());
            Submitted sms = new Submitted(
                    submitSm.getDestAddress(),
                    submitSm.getDataCoding(),
                    submitSm.getShortMessage(),
                    submitSm.isUdhi(),
                    id);
            submitted.add(sms);
            if (receipts) {
                work.execute(() -> receipt(source, sms));
            }
            try {
                return new SubmitSmResult(new MessageId(id), new OptionalParameter[0]);
            } catch (org.jsmpp.PDUStringException e) {
                throw new ProcessRequestException("bad id", 8, e);
            }
        }

        @Override
        public SubmitMultiResult onAcceptSubmitMulti(SubmitMulti submitMulti, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public void onAcceptReplaceSm(ReplaceSm replaceSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public void onAcceptCancelSm(CancelSm cancelSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public BroadcastSmResult onAcceptBroadcastSm(BroadcastSm broadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public void onAcceptCancelBroadcastSm(CancelBroadcastSm cancelBroadcastSm, SMPPServerSession source)
                throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public QueryBroadcastSmResult onAcceptQueryBroadcastSm(
                QueryBroadcastSm queryBroadcastSm, SMPPServerSession source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("not supported", 3);
        }
    }

    /** jsmpp binds its own socket by port number; this hands it one already bound to port 0 on loopback. */
    private record BoundSocket(ServerSocket socket) implements ServerConnectionFactory {
        @Override
        public ServerConnection listen(int port) {
            return new ServerSocketConnection(socket);
        }

        @Override
        public ServerConnection listen(int port, int timeout) throws IOException {
            socket.setSoTimeout(timeout);
            return new ServerSocketConnection(socket);
        }

        @Override
        public ServerConnection listen(int port, int timeout, int backlog) throws IOException {
            return listen(port, timeout);
        }
    }
}
