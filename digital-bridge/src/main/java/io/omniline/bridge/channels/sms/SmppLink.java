package io.omniline.bridge.channels.sms;

import io.omniline.db.SqlStates;
import io.omniline.runtime.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RawDataCoding;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SMPP 3.4 transceiver bind to the carrier. Incoming texts are stored before their
 * deliver_sm is answered: a text that cannot be stored is answered with a temporary error, so
 * the SMSC delivers it again instead of Omniline losing it. enquire_link keeps the link honest;
 * when it drops (or the SMSC unbinds), the link binds again with backoff. Outgoing texts are
 * split and submitted with delivery receipts requested.
 */
public final class SmppLink implements SmsSender, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SmppLink.class);

    private final SmppSettings settings;
    private final SmsInbox inbox;
    private final DeliveryReceipts receipts;
    private final ShortMessageDecoder decoder = new ShortMessageDecoder();
    private final SmsSplitter splitter = new SmsSplitter();
    private final AtomicInteger references =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(256));
    private final AtomicReference<SMPPSession> session = new AtomicReference<>();
    private final AtomicInteger binds = new AtomicInteger();
    private final ScheduledExecutorService binder = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("smpp-bind").factory());
    private volatile boolean running = true;
    /** Only the binder thread touches it. */
    private final Backoff backoff;

    public SmppLink(SmppSettings settings, SmsInbox inbox, DeliveryReceipts receipts) {
        this.settings = settings;
        this.inbox = inbox;
        this.receipts = receipts;
        this.backoff = new Backoff(Duration.ofMillis(500), settings.maxBackoff());
    }

    public SmppLink start() {
        binder.execute(this::bind);
        return this;
    }

    /** True while bound; the count of successful binds lets tests and metrics see a rebind. */
    public boolean bound() {
        SMPPSession current = session.get();
        return current != null && current.getSessionState().isBound();
    }

    public int bindCount() {
        return binds.get();
    }

    private void bind() {
        if (!running) {
            return;
        }
        SMPPSession fresh = new SMPPSession();
        fresh.setEnquireLinkTimer((int) settings.enquireLink().toMillis());
        fresh.setTransactionTimer(settings.responseTimeout().toMillis());
        fresh.setMessageReceiverListener(new Receiver());
        try {
            fresh.connectAndBind(
                    settings.host(),
                    settings.port(),
                    new BindParameter(
                            BindType.BIND_TRX,
                            settings.systemId(),
                            settings.password(),
                            settings.systemType(),
                            TypeOfNumber.UNKNOWN,
                            NumberingPlanIndicator.UNKNOWN,
                            null),
                    settings.responseTimeout().toMillis());
            fresh.addSessionStateListener(this::onStateChange);
            session.set(fresh);
            binds.incrementAndGet();
            backoff.reset();
            log.info("SMPP bound to {}:{} as {}", settings.host(), settings.port(), settings.systemId());
        } catch (IOException e) {
            fresh.unbindAndClose();
            log.warn("SMPP bind to {}:{} failed ({}); binding again", settings.host(), settings.port(), e.getMessage());
            scheduleBind();
        }
    }

    private void onStateChange(SessionState newState, SessionState oldState, Session source) {
        if (newState == SessionState.CLOSED && running && session.compareAndSet((SMPPSession) source, null)) {
            log.warn("SMPP link to {}:{} closed; binding again", settings.host(), settings.port());
            binder.execute(this::scheduleBind);
        }
    }

    private void scheduleBind() {
        if (!running) {
            return;
        }
        Duration wait = backoff.next();
        log.info("SMPP binds to {}:{} again in {} ms", settings.host(), settings.port(), wait.toMillis());
        binder.schedule(this::bind, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<String> submit(String to, String text) {
        SMPPSession current = session.get();
        if (current == null || !current.getSessionState().isBound()) {
            throw new SmsNotSentException("the SMPP link is down", null);
        }
        List<String> ids = new ArrayList<>();
        for (SmsSplitter.Segment segment : splitter.split(text, references.getAndIncrement() & 0xFF)) {
            try {
                ids.add(current.submitShortMessage(
                                "",
                                TypeOfNumber.UNKNOWN,
                                NumberingPlanIndicator.UNKNOWN,
                                settings.sourceAddress(),
                                TypeOfNumber.INTERNATIONAL,
                                NumberingPlanIndicator.ISDN,
                                to.startsWith("+") ? to.substring(1) : to,
                                segment.udhi() ? new ESMClass(0x40) : new ESMClass(),
                                (byte) 0,
                                (byte) 1,
                                null,
                                null,
                                new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE),
                                (byte) 0,
                                new RawDataCoding(segment.dataCoding()),
                                (byte) 0,
                                segment.payload())
                        .getMessageId());
            } catch (PDUException
                    | ResponseTimeoutException
                    | InvalidResponseException
                    | NegativeResponseException
                    | IOException e) {
                throw new SmsNotSentException(
                        "the SMSC did not take part " + (ids.size() + 1) + ": " + e.getMessage(), e);
            }
        }
        return ids;
    }

    private final class Receiver implements MessageReceiverListener {

        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            try {
                if (deliverSm.isSmscDeliveryReceipt()) {
                    receipt(deliverSm);
                } else {
                    text(deliverSm);
                }
            } catch (RuntimeException e) {
                if (!SqlStates.refusesData(e) || deliverSm.isSmscDeliveryReceipt()) {
                    throw notStored(deliverSm, e);
                }
                log.warn(
                        "deliver_sm from {} refused by the database; set aside with its bytes: {}",
                        mask(deliverSm.getSourceAddr()),
                        SqlStates.serverMessage(e));
                try {
                    inbox.setAside(original(deliverSm), "the database would not take its text");
                } catch (RuntimeException again) {
                    throw notStored(deliverSm, again);
                }
            }
        }

        private ProcessRequestException notStored(DeliverSm deliverSm, RuntimeException e) {
            log.warn(
                    "deliver_sm from {} could not be stored; the SMSC will deliver it again",
                    mask(deliverSm.getSourceAddr()),
                    e);
            return new ProcessRequestException("not stored, try again", SMPPConstant.STAT_ESME_RX_T_APPN, e);
        }

        private void receipt(DeliverSm deliverSm) {
            receiptOf(deliverSm).ifPresent(receipt -> receipts.apply(receipt.getId(), receipt.getFinalStatus()));
        }

        private void text(DeliverSm deliverSm) {
            ShortMessage sms = textOf(decoder, deliverSm);
            inbox.receive(
                    sender(deliverSm),
                    sms,
                    smscId(deliverSm),
                    Map.of("data_coding", deliverSm.getDataCoding() & 0xFF),
                    original(deliverSm));
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            // Alerts say a handset is reachable again; Omniline does not hold messages for that.
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException(
                    "data_sm is not supported; use deliver_sm", SMPPConstant.STAT_ESME_RINVCMDID);
        }
    }

    /** The text of a deliver_sm that is not a receipt: its payload decoded as its coding and header say. */
    static ShortMessage textOf(ShortMessageDecoder decoder, DeliverSm deliverSm) {
        return decoder.decode(deliverSm.getDataCoding(), payload(deliverSm), deliverSm.isUdhi(), sar(deliverSm));
    }

    /**
     * The receipt a deliver_sm carries, or empty when its text does not read as one. jsmpp's parser
     * throws unchecked exceptions too (a NullPointerException for a receipt without short_message);
     * answering those with an error would have the SMSC deliver the same receipt forever.
     */
    static Optional<DeliveryReceipt> receiptOf(DeliverSm deliverSm) {
        try {
            return Optional.of(deliverSm.getShortMessageAsDeliveryReceipt());
        } catch (InvalidDeliveryReceiptException | RuntimeException e) {
            log.info("unreadable delivery receipt ignored: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static byte[] payload(DeliverSm deliverSm) {
        byte[] payload = deliverSm.getShortMessage();
        OptionalParameter messagePayload = deliverSm.getOptionalParameter(OptionalParameter.Tag.MESSAGE_PAYLOAD);
        if ((payload == null || payload.length == 0)
                && messagePayload instanceof OptionalParameter.OctetString octets) {
            payload = octets.getValue();
        }
        return payload == null ? new byte[0] : payload;
    }

    private static SmsInbox.Original original(DeliverSm deliverSm) {
        return new SmsInbox.Original(
                "short-message-dcs-" + (deliverSm.getDataCoding() & 0xFF) + ".bin",
                "application/octet-stream",
                payload(deliverSm));
    }

    /**
     * The SMSC's own id for the text, when it gives one in receipted_message_id: then a deliver_sm
     * delivered again (its response was lost, or it raced itself) is stored once. Without an id two
     * identical texts are two messages, since nothing tells them apart from a redelivery.
     */
    private static String smscId(DeliverSm deliverSm) {
        if (deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID)
                instanceof OptionalParameter.OctetString id) {
            String value = id.getValueAsString().replace("\0", "").strip();
            return value.isEmpty() ? null : "smpp:" + value;
        }
        return null;
    }

    private static Optional<ShortMessage.Part> sar(DeliverSm deliverSm) {
        if (deliverSm.getOptionalParameter(OptionalParameter.Tag.SAR_MSG_REF_NUM)
                        instanceof OptionalParameter.Short reference
                && deliverSm.getOptionalParameter(OptionalParameter.Tag.SAR_TOTAL_SEGMENTS)
                        instanceof OptionalParameter.Byte total
                && deliverSm.getOptionalParameter(OptionalParameter.Tag.SAR_SEGMENT_SEQNUM)
                        instanceof OptionalParameter.Byte seq) {
            return ShortMessageDecoder.part(
                    reference.getValue() & 0xFFFF, total.getValue() & 0xFF, seq.getValue() & 0xFF);
        }
        return Optional.empty();
    }

    /** Numbers arrive without the plus when their TON is international. */
    private static String sender(DeliverSm deliverSm) {
        String address = deliverSm.getSourceAddr();
        return deliverSm.getSourceAddrTon() == TypeOfNumber.INTERNATIONAL.value() && !address.startsWith("+")
                ? "+" + address
                : address;
    }

    private static String mask(String number) {
        return number == null || number.length() < 4 ? "***" : "***" + number.substring(number.length() - 4);
    }

    @Override
    public void close() {
        running = false;
        binder.shutdownNow();
        SMPPSession current = session.getAndSet(null);
        if (current != null) {
            current.unbindAndClose();
        }
    }
}
