package io.omniline.db.interaction;

/**
 * One queue's service level over a period: of the callers whose wait is over (answered, or gave
 * up in the queue), the share answered within the threshold. Callers still waiting do not count
 * yet, as in Asterisk's own figure.
 */
public record ServiceLevel(String queue, int thresholdSeconds, int answeredInTime, int answered, int abandoned) {

    /**
     * Null while nobody has finished waiting: a share of no calls is no figure, and a "100 %" over
     * nothing would tell a supervisor the queue did well when it has not been tested.
     */
    public Double percent() {
        int finished = answered + abandoned;
        return finished == 0 ? null : Math.round(1000.0 * answeredInTime / finished) / 10.0;
    }
}
