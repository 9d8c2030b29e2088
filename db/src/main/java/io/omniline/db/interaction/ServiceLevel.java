package io.omniline.db.interaction;

/**
 * One queue's service level over a period: of the callers whose wait is over (answered, or gave
 * up in the queue), the share answered within the threshold. Callers still waiting do not count
 * yet, as in Asterisk's own figure.
 */
public record ServiceLevel(String queue, int thresholdSeconds, int answeredInTime, int answered, int abandoned) {

    /** 100 when nobody has finished waiting yet: no caller has been kept waiting too long. */
    public double percent() {
        int finished = answered + abandoned;
        return finished == 0 ? 100.0 : Math.round(1000.0 * answeredInTime / finished) / 10.0;
    }
}
