package io.omniline.db.csat;

import io.omniline.db.Repositories;

/**
 * A survey question waiting in the outbox, as its sender gets it.
 *
 * @param via the channel it goes on: email or sms
 * @param attempt this try's number, from 1
 */
public record SurveyQuestion(long interactionId, String via, int attempt) {

    /** What became of a question the outbox took. */
    public enum Outcome {
        SENT,
        /** Not sent this time; due again later. */
        RETRY,
        /** Too old to ask: given up without being sent. */
        EXPIRED
    }

    /**
     * Sends one question; called while the question's row is locked, so no other node sends it
     * meanwhile. What it reads it reads through {@code within}, the repositories of the
     * transaction that holds the lock: a second connection taken while holding one could wait for
     * a pool that the other senders hold.
     */
    @FunctionalInterface
    public interface Sender {
        void send(SurveyQuestion question, Repositories within) throws QuestionNotSentException;
    }
}
