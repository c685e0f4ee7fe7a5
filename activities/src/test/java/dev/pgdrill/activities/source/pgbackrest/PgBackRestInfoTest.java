package dev.pgdrill.activities.source.pgbackrest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code pgbackrest info --output=json} (pgBackRest 2.45's shape, recorded) read into listings. */
class PgBackRestInfoTest {
    private static final String INFO = """
            [{"archive":[{"database":{"id":1,"repo-key":1},"id":"15-1","max":"000000010000000000000004","min":"000000010000000000000001"}],
              "backup":[
               {"archive":{"start":"000000010000000000000002","stop":"000000010000000000000002"},"backrest":{"format":5,"version":"2.45"},
                "database":{"id":1,"repo-key":1},"error":false,"info":{"delta":23099068,"repository":{"delta":4543815,"size":4543815},"size":23099068},
                "label":"20261126-133830F","lsn":{"start":"0/2000028","stop":"0/2000100"},"prior":null,"reference":null,
                "timestamp":{"start":1795700310,"stop":1795700311},"type":"full"},
               {"archive":{"start":"000000010000000000000004","stop":"000000010000000000000004"},"backrest":{"format":5,"version":"2.45"},
                "database":{"id":1,"repo-key":1},"error":true,"info":{"delta":8192,"repository":{"delta":700,"size":4543815},"size":23099068},
                "label":"20261126-133830F_20261126-140000I","lsn":{"start":"0/4000028","stop":"0/4000100"},"prior":"20261126-133830F",
                "reference":["20261126-133830F"],"timestamp":{"start":1795701600,"stop":1795701601},"type":"incr"}],
              "cipher":"none","db":[{"id":1,"repo-key":1,"system-id":7712474099475194183,"version":"15"}],"name":"t",
              "repo":[{"cipher":"none","key":1,"status":{"code":0,"message":"ok"}}],
              "status":{"code":0,"lock":{"backup":{"held":false}},"message":"ok"}}]
            """;

    @Test
    void readsEverySetNewestFirstWithTypeTimesSizesAndTheErrorFlag() throws ActivityException {
        List<PgBackRestInfo.BackupSet> sets = PgBackRestInfo.parse(INFO, "production", "t");
        assertThat(sets)
                .extracting(s -> s.listing().id())
                .containsExactly("20261126-133830F_20261126-140000I", "20261126-133830F");
        SourceBackup incr = sets.get(0).listing();
        assertThat(incr.type()).isEqualTo("incr");
        assertThat(incr.status()).isEqualTo("ERROR");
        assertThat(incr.detail()).startsWith("prior 20261126-133830F; pgBackRest reported errors");
        SourceBackup full = sets.get(1).listing();
        assertThat(full)
                .isEqualTo(new SourceBackup(
                        "20261126-133830F",
                        "production",
                        "pgbackrest",
                        "full",
                        "COMPLETED",
                        Instant.ofEpochSecond(1795700310),
                        Optional.of(Instant.ofEpochSecond(1795700311)),
                        23099068,
                        ""));
        assertThat(sets.get(1).walStart()).isEqualTo("000000010000000000000002");
        assertThat(sets.get(0).prior()).isEqualTo("20261126-133830F");
    }

    @Test
    void aStanzaThatIsNotOkIsAnErrorNamingPgBackRestsStatus() {
        String missing = "[{\"name\":\"t\",\"status\":{\"code\":1,\"message\":\"missing stanza path\"},\"backup\":[]}]";
        assertThatThrownBy(() -> PgBackRestInfo.parse(missing, "production", "t"))
                .isInstanceOf(ActivityException.class)
                .hasMessage("unable to list the backups of 'production': stanza 't' has status 1 (missing stanza"
                        + " path): the stanza's path is missing from the repository: was stanza-create run, and is"
                        + " the repository right?")
                .satisfies(e -> assertThat(((ActivityException) e).type()).isEqualTo(FailureType.CONFIGURATION));
        String mixed =
                "[{\"name\":\"t\",\"status\":{\"code\":4,\"message\":\"different across repos\"},\"backup\":[]}]";
        assertThatThrownBy(() -> PgBackRestInfo.parse(mixed, "production", "t"))
                .satisfies(e -> assertThat(((ActivityException) e).type()).isEqualTo(FailureType.REPOSITORY));
    }

    @Test
    void aNewStanzaWithoutBackupsListsNothingAndAnUnknownStanzaIsNamed() throws ActivityException {
        String none = "[{\"name\":\"t\",\"status\":{\"code\":2,\"message\":\"no valid backups\"},\"backup\":[]}]";
        assertThat(PgBackRestInfo.parse(none, "production", "t")).isEmpty();
        assertThatThrownBy(() -> PgBackRestInfo.parse(none, "production", "main"))
                .hasMessage("unable to list the backups of 'production': pgbackrest info has no stanza 'main'");
    }
}
