package io.omniline.server.reports;

import io.omniline.db.report.ReportRollup;
import io.omniline.server.config.ConfigException;
import io.omniline.server.config.OmnilineConfig;
import java.time.DateTimeException;
import java.time.ZoneId;

/** The contact center's reporting settings, checked once at start. */
public record ReportSettings(ZoneId zone, int shortAbandonSeconds, int serviceLevelSeconds, int fcrDays) {

    public static ReportSettings from(OmnilineConfig.Reports config) {
        ZoneId zone;
        try {
            zone = ZoneId.of(config.timeZone());
        } catch (DateTimeException | NullPointerException e) {
            throw new ConfigException(
                    "reports.timeZone: " + config.timeZone() + " is not a time zone (e.g. Europe/Madrid)");
        }
        if (config.shortAbandonSeconds() < 0 || config.serviceLevelSeconds() < 0 || config.fcrDays() < 1) {
            throw new ConfigException("reports.shortAbandonSeconds and reports.serviceLevelSeconds must be 0 or more,"
                    + " reports.fcrDays 1 or more");
        }
        return new ReportSettings(zone, config.shortAbandonSeconds(), config.serviceLevelSeconds(), config.fcrDays());
    }

    /** The rules roll-ups are made with, the same reports read them with. */
    public ReportRollup.Rules rollupRules() {
        return new ReportRollup.Rules(zone, shortAbandonSeconds, serviceLevelSeconds, fcrDays);
    }
}
