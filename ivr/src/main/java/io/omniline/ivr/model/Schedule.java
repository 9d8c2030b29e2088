package io.omniline.ivr.model;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The opening hours of an hours node, read and checked once; says whether an instant is open. */
public final class Schedule {

    private static final Map<String, DayOfWeek> DAYS = Map.of(
            "mon",
            DayOfWeek.MONDAY,
            "tue",
            DayOfWeek.TUESDAY,
            "wed",
            DayOfWeek.WEDNESDAY,
            "thu",
            DayOfWeek.THURSDAY,
            "fri",
            DayOfWeek.FRIDAY,
            "sat",
            DayOfWeek.SATURDAY,
            "sun",
            DayOfWeek.SUNDAY);

    private final ZoneId zone;
    private final Map<DayOfWeek, List<LocalTime[]>> ranges;
    private final Set<LocalDate> holidays;

    private Schedule(ZoneId zone, Map<DayOfWeek, List<LocalTime[]>> ranges, Set<LocalDate> holidays) {
        this.zone = zone;
        this.ranges = ranges;
        this.holidays = holidays;
    }

    /** @throws IllegalArgumentException naming the first thing wrong with the node's schedule */
    public static Schedule of(Node.Hours hours) {
        ZoneId zone;
        try {
            zone = ZoneId.of(hours.timezone() == null ? "" : hours.timezone());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException(
                    "time zone \"" + hours.timezone() + "\" is not a valid zone such as Europe/Paris");
        }
        Map<DayOfWeek, List<LocalTime[]>> ranges = new EnumMap<>(DayOfWeek.class);
        Map<String, List<String>> weekly = hours.weekly() == null ? Map.of() : hours.weekly();
        weekly.forEach((day, spans) -> {
            DayOfWeek dayOfWeek = DAYS.get(day);
            if (dayOfWeek == null) {
                throw new IllegalArgumentException("\"" + day + "\" is not a day (mon, tue, wed, thu, fri, sat, sun)");
            }
            List<LocalTime[]> parsed = new ArrayList<>();
            for (String span : spans == null ? List.<String>of() : spans) {
                parsed.add(range(day, span));
            }
            ranges.put(dayOfWeek, parsed);
        });
        Set<LocalDate> holidays = new HashSet<>();
        for (String date : hours.holidays() == null ? List.<String>of() : hours.holidays()) {
            try {
                holidays.add(LocalDate.parse(date));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("holiday \"" + date + "\" is not a date like 2026-12-25");
            }
        }
        return new Schedule(zone, ranges, holidays);
    }

    public boolean isOpen(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        if (holidays.contains(local.toLocalDate())) {
            return false;
        }
        LocalTime time = local.toLocalTime();
        for (LocalTime[] range : ranges.getOrDefault(local.getDayOfWeek(), List.of())) {
            if (!time.isBefore(range[0]) && time.isBefore(range[1])) {
                return true;
            }
        }
        return false;
    }

    private static LocalTime[] range(String day, String span) {
        String[] parts = span == null ? new String[0] : span.split("-");
        try {
            if (parts.length == 2) {
                LocalTime from = LocalTime.parse(parts[0].strip());
                LocalTime to = "24:00".equals(parts[1].strip()) ? LocalTime.MAX : LocalTime.parse(parts[1].strip());
                if (from.isBefore(to)) {
                    return new LocalTime[] {from, to};
                }
                throw new IllegalArgumentException(
                        day + " \"" + span + "\" ends before it starts; split ranges that cross midnight");
            }
        } catch (DateTimeParseException e) {
            // Reported below with the expected shape.
        }
        throw new IllegalArgumentException(day + " \"" + span + "\" is not a range like 08:00-18:00");
    }
}
