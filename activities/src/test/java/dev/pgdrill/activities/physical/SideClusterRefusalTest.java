package dev.pgdrill.activities.physical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SideClusterRequest;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A pgBackRest profile without production's data directory is never switched, however the run was started. */
class SideClusterRefusalTest {
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
    void aStanzaWithoutProductionsDataDirectoryIsRefusedNamingTheKey() {
        SideClusterRequest r = new SideClusterRequest(
                "physical", "20260101-010101F", "0a1b2c3d", "2026-01-17T09:30:00Z", "20260117T093500Z", "r1");
        assertThatThrownBy(() -> new SideClusters(CONFIG).discard(r, (phase, done, total) -> {}))
                .isInstanceOfSatisfying(ActivityException.class, e -> {
                    assertThat(e.type()).isEqualTo(FailureType.CONFIGURATION);
                    assertThat(e.retryable()).isFalse();
                })
                .hasMessageContaining("databases.physical.source.dataDirectory is not set");
    }
}
