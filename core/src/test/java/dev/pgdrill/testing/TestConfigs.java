package dev.pgdrill.testing;

import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** pgdrill.yaml files pointing at a test cluster; the superuser password travels as ${PGDRILL_TEST_PW}. */
public final class TestConfigs {
    public static final String PASSWORD_ENV = "PGDRILL_TEST_PW";

    private TestConfigs() {}

    /** A complete configuration with production, staging, sandbox and catalog profiles on one cluster. */
    public static String yaml(PostgresCluster pg, Path repository, String temporalAddress) {
        String profile = "{ role: %s, host: " + PostgresCluster.HOST + ", port: " + pg.port()
                + ", database: %s, user: postgres, password: \"${" + PASSWORD_ENV + "}\" }";
        return "temporal: { address: \"" + temporalAddress + "\", namespace: default, taskQueue: pgdrill }\n"
                + "catalog: { database: ops }\n"
                + "databases:\n"
                + "  production: " + profile.formatted("production", "app") + "\n"
                + "  staging: " + profile.formatted("staging", "postgres") + "\n"
                + "  sandbox: " + profile.formatted("sandbox", "postgres") + "\n"
                + "  ops: " + profile.formatted("catalog", "pgdrill_catalog") + "\n"
                + "repository: { path: \"" + repository + "\" }\n"
                + "backup: { database: production, retentionDays: 7, jobs: 2 }\n"
                + "drill: { target: sandbox, windowDays: 7 }\n"
                + "approval: { phrase: RESTORE PRODUCTION, approvers: [alice, bob], timeout: 1h }\n";
    }

    /** The environment a pgdrill process needs to read {@link #yaml}. */
    public static Map<String, String> env() {
        return Map.of(PASSWORD_ENV, PostgresCluster.SUPERUSER_PASSWORD);
    }

    /** {@link #yaml}'s configuration with a work folder ({@code work}, under {@code dir}) and no Temporal. */
    public static PgdrillConfig withWorkDir(PostgresCluster pg, Path repository, Path dir) {
        String yaml = yaml(pg, repository, "x:1")
                .replace(
                        "repository: { path: \"" + repository + "\" }",
                        "repository: { path: \"" + repository + "\", workDir: work }");
        return parse(yaml, dir);
    }

    public static PgdrillConfig parse(String yaml, Path dir) {
        return new ConfigLoader(env()::get)
                .parse(yaml, dir.resolve("pgdrill.yaml").toString(), dir);
    }

    public static Path write(String yaml, Path dir) {
        try {
            Path f = dir.resolve("pgdrill.yaml");
            Files.writeString(f, yaml);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
