package dev.pgdrill.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code databases.<name>.source}: the default, each kind's keys, and what is refused where. */
class SourceConfigTest {
    private static final Map<String, String> ENV = Map.of("SUPABASE_ACCESS_TOKEN", "sbp_0123456789abcdef");

    private static String config(String productionSource) {
        return """
                catalog: { database: ops }
                databases:
                  production: { role: production, host: db1, database: app, user: app_admin%s }
                  sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres }
                  ops:        { role: catalog, host: db2, database: pgdrill, user: postgres }
                repository: { path: backups }
                backup: { database: production }
                approval: { approvers: [alice, bob] }
                """.formatted(productionSource.isEmpty() ? "" : ", source: " + productionSource);
    }

    private static PgdrillConfig parse(String yaml) {
        return new ConfigLoader(ENV::get).parse(yaml, "test.yaml", Path.of("/etc/pgdrill"));
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems();
        }
        throw new AssertionError("expected a ConfigException for:\n" + yaml);
    }

    @Test
    void withoutASourceEveryProfileIsBackedUpWithPgDump() {
        PgdrillConfig c = parse(config(""));
        assertThat(c.source("production")).isEqualTo(new SourceConfig.PgDump());
        assertThat(c.source("sandbox").kind()).isEqualTo("pgdump");
    }

    @Test
    void readsAPgBackRestStanzaWithItsConfigFileRelativeToTheConfig() {
        PgdrillConfig c = parse(config("{ kind: pgbackrest, stanza: main, configFile: pgbackrest.conf, repo: 2 }"));
        assertThat(c.source("production"))
                .isEqualTo(
                        new SourceConfig.PgBackRest("main", Optional.of(Path.of("/etc/pgdrill/pgbackrest.conf")), 2));
        assertThat(parse(config("{ kind: pgbackrest, stanza: main }")).source("production"))
                .isEqualTo(new SourceConfig.PgBackRest("main", Optional.empty(), 1, "full"));
        assertThat(parse(config("{ kind: pgbackrest, stanza: main, backupType: incr }"))
                        .source("production"))
                .isEqualTo(new SourceConfig.PgBackRest("main", Optional.empty(), 1, "incr"));
        assertThat(problems(config("{ kind: pgbackrest, stanza: main, backupType: weekly }")))
                .containsExactly(
                        "databases.production.source.backupType: expected one of full, diff, incr, got \"weekly\"");
    }

    @Test
    void readsProductionsDataDirectoryForTheClusterSwitchAbsoluteOnly() {
        assertThat(parse(config("{ kind: pgbackrest, stanza: main, dataDirectory: /var/lib/postgresql/16/main }"))
                        .source("production"))
                .isEqualTo(new SourceConfig.PgBackRest(
                        "main", Optional.empty(), 1, "full", Optional.of(Path.of("/var/lib/postgresql/16/main"))));
        assertThat(problems(config("{ kind: pgbackrest, stanza: main, dataDirectory: pgdata }")))
                .containsExactly("databases.production.source.dataDirectory: expected production's data directory as"
                        + " an absolute path (such as /var/lib/postgresql/16/main), got \"pgdata\"");
    }

    @Test
    void readsAProcessCountForRestoresBetweenOneAnd999() {
        assertThat(parse(config("{ kind: pgbackrest, stanza: main, processMax: 4 }"))
                        .source("production"))
                .isEqualTo(new SourceConfig.PgBackRest(
                        "main", Optional.empty(), 1, "full", Optional.empty(), Optional.of(4)));
        assertThat(((SourceConfig.PgBackRest) parse(config("{ kind: pgbackrest, stanza: main }"))
                                .source("production"))
                        .processMax())
                .isEmpty();
        assertThat(problems(config("{ kind: pgbackrest, stanza: main, processMax: 0 }")))
                .singleElement()
                .asString()
                .startsWith("databases.production.source.processMax: ");
        assertThat(problems(config("{ kind: supabase, projectRef: abcdefghijklmnopqrst,"
                        + " accessToken: \"${SUPABASE_ACCESS_TOKEN}\", processMax: 2 }")))
                .containsExactly("databases.production.source.processMax: not a key of a supabase source");
    }

    @Test
    void readsASupabaseProjectWithItsTokenFromTheEnvironmentOnly() {
        SourceConfig s = parse(
                        config(
                                "{ kind: supabase, projectRef: abcdefghijklmnopqrst, accessToken: \"${SUPABASE_ACCESS_TOKEN}\" }"))
                .source("production");
        assertThat(s).isInstanceOf(SourceConfig.Supabase.class);
        SourceConfig.Supabase sb = (SourceConfig.Supabase) s;
        assertThat(sb.projectRef()).isEqualTo("abcdefghijklmnopqrst");
        assertThat(sb.accessToken().reveal()).isEqualTo("sbp_0123456789abcdef");
        assertThat(sb.apiUrl()).isEqualTo(URI.create("https://api.supabase.com"));
        assertThat(s.toString()).doesNotContain("sbp_0123456789abcdef");
        SourceConfig.Supabase mock = (SourceConfig.Supabase) parse(
                        config(
                                "{ kind: supabase, projectRef:"
                                        + " abcdefghijklmnopqrst, accessToken: \"${SUPABASE_ACCESS_TOKEN}\", apiUrl: \"http://127.0.0.1:9/\" }"))
                .source("production");
        assertThat(mock.apiUrl()).isEqualTo(URI.create("http://127.0.0.1:9/"));
    }

    @Test
    void namesTheKeyOfEveryMistake() {
        assertThat(problems(config("{ kind: barman }")))
                .containsExactly(
                        "databases.production.source.kind: expected one of pgdump, pgbackrest, supabase, got \"barman\"");
        assertThat(problems(config("{ kind: pgbackrest }")))
                .anyMatch(p -> p.startsWith("databases.production.source.stanza: required"));
        assertThat(problems(config("{ kind: supabase, projectRef: ABC, accessToken: \"${SUPABASE_ACCESS_TOKEN}\" }")))
                .containsExactly(
                        "databases.production.source.projectRef: a project reference is 20 lowercase letters, got \"ABC\"");
        assertThat(problems(config("{ kind: supabase, projectRef: abcdefghijklmnopqrst, accessToken: sbp_literal }")))
                .anyMatch(p -> p.startsWith("databases.production.source.accessToken: secrets must be given as an"
                        + " environment reference"));
        assertThat(problems(config("{ kind: supabase, projectRef: abcdefghijklmnopqrst }")))
                .anyMatch(p -> p.startsWith("databases.production.source.accessToken: required"));
        assertThat(problems(config("{ kind: pgdump, stanza: main }")))
                .containsExactly("databases.production.source.stanza: not a key of a pgdump source");
        assertThat(problems(config("{ kind: pgbackrest, stanza: main, retention: 3 }")))
                .anyMatch(p -> p.startsWith("databases.production.source.retention: unknown key"));
        assertThat(problems(config(
                        "{ kind: supabase, projectRef: abcdefghijklmnopqrst, accessToken: \"${SUPABASE_ACCESS_TOKEN}\","
                                + " apiUrl: \"not a url\" }")))
                .anyMatch(p -> p.startsWith("databases.production.source.apiUrl: expected an http(s) URL"));
        assertThat(
                        problems(
                                config("")
                                        .replace(
                                                "sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres }",
                                                "sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres, source: { kind: pgdump } }")))
                .containsExactly("databases.sandbox.source: only a production profile has a backup source");
    }
}
