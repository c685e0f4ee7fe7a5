package dev.pgdrill.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Realistic databases for tests: the sample application schema, and pgbench's. */
public final class SampleData {
    private SampleData() {}

    /** scripts/sample-app.sql, found from any module's working directory. */
    public static Path sampleAppSql() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path p = dir.resolve("scripts/sample-app.sql");
            if (Files.exists(p)) {
                return p;
            }
        }
        throw new IllegalStateException(
                "scripts/sample-app.sql not found above " + Path.of("").toAbsolutePath());
    }

    /** (Re)creates {@code database} with the sample application: organizations, users, projects, budgets. */
    public static void createSampleApp(PostgresCluster pg, String database) {
        pg.createDatabase(database);
        try {
            pg.execute(database, Files.readString(sampleAppSql()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * (Re)creates {@code database} with the sample application grown into a realistic production schema:
     * partitions, views, a materialized view, functions, triggers, row-level security, grants to application
     * roles (created in the cluster when missing), large objects, comments, an extension, an event trigger
     * and a publication ({@code realistic-app.sql} next to this class).
     */
    public static void createRealisticApp(PostgresCluster pg, String database) {
        createSampleApp(pg, database);
        try (InputStream in = SampleData.class.getResourceAsStream("realistic-app.sql")) {
            pg.execute(database, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** (Re)creates {@code database} and runs {@code pgbench -i -s scale} (the real pgbench) on it. */
    public static void createPgbench(PostgresCluster pg, String database, int scale) {
        pg.createDatabase(database);
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(
                            pg.binDir().resolve("pgbench").toString(),
                            "-i",
                            "-q",
                            "-s",
                            String.valueOf(scale),
                            "-h",
                            PostgresCluster.HOST,
                            "-p",
                            String.valueOf(pg.port()),
                            "-U",
                            PostgresCluster.SUPERUSER,
                            database))
                    .redirectErrorStream(true);
            pb.environment().put("PGPASSWORD", PostgresCluster.SUPERUSER_PASSWORD);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("pgbench -i failed: " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
