package dev.pgdrill.activities.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A profile's {@code source.kind} picks the source; a kind the worker lacks is a clear configuration error. */
class BackupSourcesTest {
    private static final PgdrillConfig CONFIG =
            new ConfigLoader(Map.<String, String>of()::get).parse("""
                    catalog: { database: ops }
                    databases:
                      production: { role: production, host: db1, database: app, user: app_admin }
                      physical:   { role: production, host: db3, database: app, user: app_admin,
                                    source: { kind: pgbackrest, stanza: main } }
                      ops:        { role: catalog, host: db2, database: pgdrill, user: postgres }
                    repository: { path: backups }
                    backup: { database: production }
                    drill: { target: ops }
                    approval: { approvers: [alice, bob] }
                    """, "test.yaml", Path.of("/etc/pgdrill"));

    private record Named(String kind) implements BackupSource {
        @Override
        public List<SourceBackup> list(String profile) {
            return List.of();
        }
    }

    @Test
    void picksTheSourceOfTheProfilesKind() throws ActivityException {
        BackupSources sources = new BackupSources(CONFIG, List.of(new Named("pgdump"), new Named("pgbackrest")));
        assertThat(sources.of("production").kind()).isEqualTo("pgdump");
        assertThat(sources.of("physical").kind()).isEqualTo("pgbackrest");
    }

    @Test
    void aKindTheWorkerLacksIsAPermanentConfigurationError() {
        BackupSources sources = new BackupSources(CONFIG, List.of(new Named("pgdump")));
        assertThatThrownBy(() -> sources.of("physical"))
                .isInstanceOf(ActivityException.class)
                .hasMessage("unable to use the backup source of 'physical': this worker has no pgbackrest source"
                        + " (it knows pgdump)")
                .satisfies(e -> assertThat(((ActivityException) e).type()).isEqualTo(FailureType.CONFIGURATION));
    }
}
