package io.omniline.bridge.channels.sms;

import java.util.List;

/** Submits a text to a phone; returns the carrier's id for each part sent. */
public interface SmsSender {

    /** @throws SmsNotSentException when the carrier refused it or cannot be reached */
    List<String> submit(String to, String text);
}
