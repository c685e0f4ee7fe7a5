package dev.pgdrill.core.config;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A 5-field cron expression (minute hour day-of-month month weekday) in UTC, parsed once. Its next runs
 * are computed here, without Temporal, the way a Temporal Schedule computes them: a paused schedule
 * reports no next run, and a dashboard should not need a round trip to show one.
 */
public final class CronSchedule {
    /** pgdrill's schedules all run in UTC: no daylight-saving gap can skip or double a backup. */
    public static final String TIME_ZONE = "UTC";

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final List<String> FIELDS = List.of("minute", "hour", "day of month", "month", "weekday");
    /** The Gregorian calendar repeats every 400 years: a date not found within them never comes. */
    private static final int HORIZON_YEARS = 400;

    private final String expression;
    /** Minute, hour, day of month and month; the weekday too when the day of month is {@code *}. */
    private final ExecutionTime days;
    /** Only when both day fields are restricted; see {@link #next}. */
    private final Optional<ExecutionTime> weekdays;

    private CronSchedule(String expression, ExecutionTime days, Optional<ExecutionTime> weekdays) {
        this.expression = expression;
        this.days = days;
        this.weekdays = weekdays;
    }

    /**
     * Parses and validates {@code expression}.
     *
     * @throws IllegalArgumentException naming the field that is wrong and why, or saying that the
     *     expression matches no date at all (such as {@code 0 3 31 2 *}: Temporal would accept it and
     *     never run it)
     */
    public static CronSchedule parse(String expression) {
        String text = expression == null ? "" : expression.trim();
        String[] fields = text.isEmpty() ? new String[0] : text.split("\\s+");
        if (fields.length != FIELDS.size()) {
            throw new IllegalArgumentException(
                    "expected " + FIELDS.size() + " fields (" + String.join(", ", FIELDS) + "), got " + fields.length);
        }
        // Unix cron runs when either day field matches if both are restricted; Temporal requires both to
        // match. cron-utils implements the former, so the two day fields are kept apart and intersected.
        boolean both = !fields[2].equals("*") && !fields[4].equals("*");
        String dayText = both ? String.join(" ", fields[0], fields[1], fields[2], fields[3], "*") : text;
        CronSchedule schedule;
        try {
            ExecutionTime days = executionTime(dayText);
            Optional<ExecutionTime> weekdays = both
                    ? Optional.of(executionTime(String.join(" ", fields[0], fields[1], "*", fields[3], fields[4])))
                    : Optional.empty();
            schedule = new CronSchedule(String.join(" ", fields), days, weekdays);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(explain(fields, e), e);
        }
        if (schedule.next(Instant.EPOCH, 1).isEmpty()) {
            throw new IllegalArgumentException("matches no date (day of month, month and weekday never coincide)");
        }
        return schedule;
    }

    /** The expression as configured, with its fields separated by single spaces. */
    public String expression() {
        return expression;
    }

    /** The next {@code n} runs strictly after {@code from}, earliest first. */
    public List<Instant> next(Instant from, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0, got " + n);
        }
        List<Instant> out = new ArrayList<>(n);
        ZonedDateTime t = from.atZone(ZoneOffset.UTC);
        ZonedDateTime limit = t.plusYears(HORIZON_YEARS);
        while (out.size() < n) {
            Optional<ZonedDateTime> candidate = days.nextExecution(t);
            if (candidate.isEmpty() || candidate.get().isAfter(limit)) {
                break;
            }
            ZonedDateTime c = candidate.get();
            if (weekdays.isEmpty() || weekdays.get().isMatch(c)) {
                out.add(c.toInstant());
                t = c;
            } else {
                // The wrong weekday stays wrong all day: go on from the last second of it.
                t = c.truncatedTo(ChronoUnit.DAYS).plusDays(1).minusSeconds(1);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CronSchedule other && other.expression.equals(expression);
    }

    @Override
    public int hashCode() {
        return expression.hashCode();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static ExecutionTime executionTime(String text) {
        return ExecutionTime.forCron(PARSER.parse(text).validate());
    }

    /** cron-utils names the value but not the field; finding the field makes the message actionable. */
    private static String explain(String[] fields, IllegalArgumentException whole) {
        for (int i = 0; i < fields.length; i++) {
            String[] alone = {"*", "*", "*", "*", "*"};
            alone[i] = fields[i];
            try {
                PARSER.parse(String.join(" ", alone)).validate();
            } catch (IllegalArgumentException e) {
                return FIELDS.get(i) + " \"" + fields[i] + "\": " + detail(e);
            }
        }
        return detail(whole);
    }

    private static String detail(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage())
                .replace("Failed to parse cron expression. ", "")
                .trim();
        if (message.startsWith("Invalid chars")) {
            return "expected numbers, names (jan, mon), *, ranges (1-5), lists (1,3) or steps (*/15)";
        }
        if (message.isEmpty()) {
            return "not valid";
        }
        return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
    }
}
