package dev.pgdrill.activities.restore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** An emergency restore's first activity refuses a pgBackRest profile, however the run was started. */
class PgBackRestRestoreRefusalTest {
    private static final PgdrillConfig CONFIG =
            new ConfigLoader(Map.<String, String>of()::get).parse("""
                    catalog: { database: ops }
                    databases:
                      physical: { role: production, host: db3, database: app, user: postgres,
                                  source: { kind: pgbackrest, stanza: main } }
                      ops:      { role: catalog, host: db2, database: pgdrill, user: postgres }
                    repository: { path: backups }
                    backup: { database: physical }
                    drill: { target: ops }
                    approval: { approvers: [alice, bob] }
                    """, "test.yaml", Path.of("/etc/pgdrill"));

    @Test
    void aPgBackRestProfileIsRefusedBeforeAnythingIsTouched() {
        assertThatThrownBy(() -> new DatabaseActivitiesImpl(CONFIG).databaseOf("physical"))
                .isInstanceOfSatisfying(ApplicationFailure.class, e -> {
                    assertThat(e.getType()).isEqualTo(FailureType.CONFIGURATION.type());
                    assertThat(e.isNonRetryable()).isTrue();
                })
                .hasMessageContaining("unable to restore 'physical': its backups are pgBackRest stanza 'main'");
    }
}
