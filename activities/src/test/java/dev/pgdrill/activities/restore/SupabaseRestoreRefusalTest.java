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

/** An emergency restore's first activity refuses a Supabase profile, however the run was started. */
class SupabaseRestoreRefusalTest {
    private static final PgdrillConfig CONFIG =
            new ConfigLoader(Map.of("TOKEN", "sbp_x")::get).parse("""
                    catalog: { database: ops }
                    databases:
                      production: { role: production, host: db1, database: app, user: app_admin }
                      project:    { role: production, host: db3, database: postgres, user: postgres,
                                    source: { kind: supabase, projectRef: abcdefghijklmnopqrst, accessToken: "${TOKEN}" } }
                      ops:        { role: catalog, host: db2, database: pgdrill, user: postgres }
                    repository: { path: backups }
                    backup: { database: production }
                    drill: { target: ops }
                    approval: { approvers: [alice, bob] }
                    """, "test.yaml", Path.of("/etc/pgdrill"));

    @Test
    void aSupabaseProfileIsRefusedBeforeAnythingIsTouched() {
        DatabaseActivitiesImpl databases = new DatabaseActivitiesImpl(CONFIG);
        assertThat(databases.databaseOf("production")).isEqualTo("app");
        assertThatThrownBy(() -> databases.databaseOf("project"))
                .isInstanceOfSatisfying(ApplicationFailure.class, e -> {
                    assertThat(e.getType()).isEqualTo(FailureType.CONFIGURATION.type());
                    assertThat(e.isNonRetryable()).isTrue();
                })
                .hasMessageContaining(
                        "unable to restore 'project': its source is Supabase project" + " 'abcdefghijklmnopqrst'");
    }
}
