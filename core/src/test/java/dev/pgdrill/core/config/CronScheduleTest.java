package dev.pgdrill.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CronScheduleTest {
    /** A Thursday. */
    private static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    private static List<Instant> next(String cron, Instant from, int n) {
        return CronSchedule.parse(cron).next(from, n);
    }

    private static List<Instant> instants(String... texts) {
        return List.of(texts).stream().map(Instant::parse).toList();
    }

    @Test
    void computesTheNextRunsInUtc() {
        assertThat(next("0 3 * * *", NEW_YEAR, 2)).isEqualTo(instants("2026-01-01T03:00:00Z", "2026-01-02T03:00:00Z"));
        assertThat(next("*/15 * * * *", Instant.parse("2026-01-01T00:07:30Z"), 3))
                .isEqualTo(instants("2026-01-01T00:15:00Z", "2026-01-01T00:30:00Z", "2026-01-01T00:45:00Z"));
        assertThat(next("0 4 1 * *", NEW_YEAR, 2)).isEqualTo(instants("2026-01-01T04:00:00Z", "2026-02-01T04:00:00Z"));
    }

    @Test
    void skipsTheWeekend() {
        assertThat(next("0 3 * * 1-5", Instant.parse("2026-01-02T04:00:00Z"), 2))
                .isEqualTo(instants("2026-01-05T03:00:00Z", "2026-01-06T03:00:00Z"));
    }

    @Test
    void returnsRunsStrictlyAfterFrom() {
        assertThat(next("0 3 * * *", Instant.parse("2026-01-01T03:00:00Z"), 1))
                .isEqualTo(instants("2026-01-02T03:00:00Z"));
    }

    @Test
    void readsSundayAsZeroOrSevenAndAcceptsNames() {
        List<Instant> sundays = instants("2026-01-04T03:00:00Z", "2026-01-11T03:00:00Z");
        assertThat(next("0 3 * * 0", NEW_YEAR, 2)).isEqualTo(sundays);
        assertThat(next("0 3 * * 7", NEW_YEAR, 2)).isEqualTo(sundays);
        assertThat(next("0 3 * * sun", NEW_YEAR, 2)).isEqualTo(sundays);
        assertThat(next("0 3 1 feb *", NEW_YEAR, 1)).isEqualTo(instants("2026-02-01T03:00:00Z"));
    }

    @Test
    void requiresBothDayFieldsToMatchAsTemporalDoes() {
        // Unix cron would also run on every Monday and on the 1st-7th of each month.
        assertThat(next("0 4 1-7 * 1", NEW_YEAR, 3))
                .isEqualTo(instants("2026-01-05T04:00:00Z", "2026-02-02T04:00:00Z", "2026-03-02T04:00:00Z"));
        assertThat(next("0 3 29 2 1", NEW_YEAR, 1)).singleElement().satisfies(i -> {
            assertThat(i.atZone(ZoneOffset.UTC).getDayOfWeek()).isEqualTo(DayOfWeek.MONDAY);
            assertThat(i).isEqualTo(Instant.parse("2044-02-29T03:00:00Z"));
        });
    }

    @Test
    void normalisesWhitespaceInTheExpression() {
        CronSchedule s = CronSchedule.parse("  0  3 * *\t* ");
        assertThat(s.expression()).isEqualTo("0 3 * * *");
        assertThat(s).isEqualTo(CronSchedule.parse("0 3 * * *")).hasToString("0 3 * * *");
    }

    @Test
    void givesNoneForZeroAndRefusesANegativeCount() {
        assertThat(next("0 3 * * *", NEW_YEAR, 0)).isEmpty();
        assertThatThrownBy(() -> next("0 3 * * *", NEW_YEAR, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesTheFieldThatIsWrong() {
        assertThatThrownBy(() -> CronSchedule.parse("99 3 * * *"))
                .hasMessage("minute \"99\": value 99 not in range [0, 59]");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 32 * *")).hasMessageStartingWith("day of month \"32\":");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * 13 *")).hasMessageStartingWith("month \"13\":");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * * 8")).hasMessageStartingWith("weekday \"8\":");
        assertThatThrownBy(() -> CronSchedule.parse("0 3-1 * * *")).hasMessageStartingWith("hour \"3-1\":");
        assertThatThrownBy(() -> CronSchedule.parse("0 */0 * * *")).hasMessageStartingWith("hour \"*/0\":");
        assertThatThrownBy(() -> CronSchedule.parse("x 3 * * *"))
                .hasMessageStartingWith("minute \"x\": expected numbers");
    }

    @Test
    void refusesTheWrongFieldCountNicknamesAndQuartzExtensions() {
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * *"))
                .hasMessageContaining("expected 5 fields")
                .hasMessageEndingWith("got 4");
        assertThatThrownBy(() -> CronSchedule.parse("")).hasMessageEndingWith("got 0");
        assertThatThrownBy(() -> CronSchedule.parse("@daily")).hasMessageEndingWith("got 1");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 ? * *")).hasMessageStartingWith("day of month \"?\":");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 * * 5#2")).hasMessageStartingWith("weekday \"5#2\":");
    }

    @Test
    void refusesAnExpressionThatMatchesNoDate() {
        assertThatThrownBy(() -> CronSchedule.parse("0 3 31 2 *")).hasMessageStartingWith("matches no date");
        assertThatThrownBy(() -> CronSchedule.parse("0 3 30 2 1")).hasMessageStartingWith("matches no date");
    }
}
