package dev.pgdrill.core.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.Role;
import dev.pgdrill.core.config.Secret;
import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.TestConfigs;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(PostgresExtension.class)
class DatabasePreflightIT {
    private final PostgresCluster pg;

    @TempDir
    Path dir;

    private PgdrillConfig config;

    DatabasePreflightIT(PostgresCluster pg) {
        this.pg = pg;
    }

    @BeforeEach
    void setUp() {
        pg.createDatabase("app");
        pg.execute(
                "postgres", "DROP DATABASE IF EXISTS pgdrill_catalog WITH (FORCE)", "CREATE DATABASE pgdrill_catalog");
        config = TestConfigs.parse(TestConfigs.yaml(pg, dir, "127.0.0.1:1"), dir);
    }

    private DatabaseProfile profile(Role role, String user, String password) {
        return new DatabaseProfile(
                "p",
                role,
                PostgresCluster.HOST,
                pg.port(),
                "postgres",
                user,
                Optional.of(new Secret("${X}", password)),
                Optional.empty(),
                "prefer");
    }

    @Test
    void passesASuperuserProfileAndShowsTheServerVersion() {
        DoctorCheck c = new DatabasePreflight(config).profile(config.profile("production"), new HashMap<>());
        assertThat(c.status()).isEqualTo(CheckStatus.OK);
        assertThat(c.detail()).contains("PostgreSQL 15").contains("superuser").doesNotContain("pgdrill-test-superuser");
    }

    @Test
    void refusesANonSuperuserProductionRoleThatCouldNotSwitchAndSaysWhatToGrant() {
        pg.execute("postgres", "DROP DATABASE IF EXISTS shop_preflight WITH (FORCE)", "DROP ROLE IF EXISTS shop_admin");
        pg.createRole("shop_admin", "pw9", true);
        pg.execute("postgres", "CREATE DATABASE shop_preflight");
        DatabaseProfile shop = new DatabaseProfile(
                "shop",
                Role.PRODUCTION,
                PostgresCluster.HOST,
                pg.port(),
                "shop_preflight",
                "shop_admin",
                Optional.of(new Secret("${X}", "pw9")),
                Optional.empty(),
                "prefer");
        DatabasePreflight preflight = new DatabasePreflight(config);
        DoctorCheck c = preflight.profile(shop, new HashMap<>());
        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.detail())
                .contains("cannot switch production")
                .contains("to own database 'shop_preflight' (its owner is postgres)")
                .contains("pg_signal_backend");
        assertThat(c.hint())
                .contains("ALTER DATABASE \"shop_preflight\" OWNER TO \"shop_admin\"")
                .contains("GRANT pg_signal_backend TO \"shop_admin\"");
        assertThat(preflight.switchable(shop).failed())
                .as("restore start refuses it too")
                .isTrue();

        pg.execute(
                "postgres",
                "ALTER DATABASE shop_preflight OWNER TO shop_admin",
                "GRANT pg_signal_backend TO shop_admin");
        assertThat(preflight.profile(shop, new HashMap<>()).status()).isEqualTo(CheckStatus.OK);
        assertThat(preflight.switchable(shop).detail()).contains("can switch production");
        pg.execute("postgres", "DROP DATABASE shop_preflight", "DROP ROLE shop_admin");
    }

    @Test
    void failsASandboxRoleWithoutCreatedbAndSaysHowToGrantIt() {
        pg.createRole("drill_nocreatedb", "pw1", false);
        DoctorCheck c = new DatabasePreflight(config)
                .profile(profile(Role.SANDBOX, "drill_nocreatedb", "pw1"), new HashMap<>());
        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.detail()).contains("lacks CREATEDB");
        assertThat(c.hint()).isEqualTo("ALTER ROLE \"drill_nocreatedb\" CREATEDB;  (as a superuser)");
    }

    @Test
    void passesARoleWithCreatedbAndACatalogRoleWithoutIt() {
        pg.createRole("drill_createdb", "pw2", true);
        pg.createRole("catalog_plain", "pw3", false);
        var preflight = new DatabasePreflight(config);
        assertThat(preflight
                        .profile(profile(Role.STAGING, "drill_createdb", "pw2"), new HashMap<>())
                        .detail())
                .contains("CREATEDB");
        assertThat(preflight
                        .profile(profile(Role.CATALOG, "catalog_plain", "pw3"), new HashMap<>())
                        .status())
                .isEqualTo(CheckStatus.OK);
    }

    @Test
    void namesAWrongPasswordWithoutShowingIt() {
        DoctorCheck c = new DatabasePreflight(config)
                .profile(profile(Role.SANDBOX, "postgres", "not-the-password"), new HashMap<>());
        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.detail())
                .contains("password authentication failed for user \"postgres\"")
                .doesNotContain("not-the-password");
        assertThat(c.hint()).contains("databases.p.password");
    }

    @Test
    void namesAnUnreachableServer() throws Exception {
        int closedPort;
        try (var s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        DatabaseProfile p = new DatabaseProfile(
                "gone",
                Role.SANDBOX,
                PostgresCluster.HOST,
                closedPort,
                "postgres",
                "postgres",
                Optional.empty(),
                Optional.empty(),
                "disable");
        DoctorCheck c = new DatabasePreflight(config).profile(p, new HashMap<>());
        assertThat(c.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(c.detail()).containsIgnoringCase("refused");
        assertThat(c.hint()).contains("127.0.0.1:" + closedPort);
    }

    @Test
    void namesAnUnknownHost() {
        DatabaseProfile p = new DatabaseProfile(
                "typo",
                Role.SANDBOX,
                "db.invalid",
                5432,
                "postgres",
                "postgres",
                Optional.empty(),
                Optional.empty(),
                "disable");
        DoctorCheck c = new DatabasePreflight(config).profile(p, new HashMap<>());
        assertThat(c.detail()).contains("unknown host 'db.invalid'");
    }

    @Test
    void namesAMissingDatabase() {
        DatabaseProfile p = config.profile("production").withDatabase("no_such_db");
        DoctorCheck c = new DatabasePreflight(config).profile(p, new HashMap<>());
        assertThat(c.detail()).contains("database \"no_such_db\" does not exist");
        assertThat(c.hint()).contains("create database 'no_such_db'");
    }

    @Test
    void checksTheRepositoryIsAWritableDirectory() throws Exception {
        assertThat(DatabasePreflight.repository(dir).status()).isEqualTo(CheckStatus.OK);
        assertThat(DatabasePreflight.repository(dir).detail()).contains("free");
        assertThat(DatabasePreflight.repository(dir.resolve("missing")).hint()).startsWith("mkdir -p");
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(DatabasePreflight.repository(file).status()).isEqualTo(CheckStatus.FAIL);
    }

    @Test
    void reportsPendingCatalogMigrationsAndMigratesOnRequest() {
        var preflight = new DatabasePreflight(config);
        DoctorCheck before = preflight.catalog(false);
        assertThat(before.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(before.detail()).contains("at version none").contains("pending");
        assertThat(before.hint()).isEqualTo("run: pgdrill doctor --migrate");

        assertThat(preflight.catalog(true).status()).isEqualTo(CheckStatus.OK);
        assertThat(preflight.catalog(true).status())
                .as("migrating twice is harmless")
                .isEqualTo(CheckStatus.OK);
        DoctorCheck after = preflight.catalog(false);
        assertThat(after.status()).isEqualTo(CheckStatus.OK);
        assertThat(after.detail()).doesNotContain("none");
    }

    @Test
    void findsTheClientProgramsAndComparesTheirVersionWithTheServers() {
        List<DoctorCheck> checks = new DatabasePreflight(config).run(false);
        assertThat(checks)
                .filteredOn(c -> c.name().equals("pg_dump"))
                .singleElement()
                .extracting(DoctorCheck::status)
                .isEqualTo(CheckStatus.OK);
        assertThat(checks)
                .filteredOn(c -> c.name().equals("pg_restore"))
                .singleElement()
                .extracting(DoctorCheck::status)
                .isEqualTo(CheckStatus.OK);
    }

    @Test
    void failsAClientOlderThanTheServer() throws Exception {
        // Stands in for an old installed pg_dump: the only thing doctor reads from it is its version line.
        Path bin = Files.createDirectories(dir.resolve("oldbin"));
        Path oldDump = bin.resolve("pg_dump");
        Files.writeString(oldDump, "#!/bin/sh\necho 'pg_dump (PostgreSQL) 12.9'\n");
        Files.setPosixFilePermissions(oldDump, PosixFilePermissions.fromString("rwxr-xr-x"));
        String yaml = TestConfigs.yaml(pg, dir, "127.0.0.1:1") + "tools: { pgBinDir: \"" + bin + "\" }\n";
        var preflight = new DatabasePreflight(TestConfigs.parse(yaml, dir));
        Map<String, Integer> servers = Map.of("production", 15);
        DoctorCheck dump = preflight.tool("pg_dump", servers);
        assertThat(dump.status()).isEqualTo(CheckStatus.FAIL);
        assertThat(dump.detail()).contains("pg_dump 12").contains("older than server major 15 of profile 'production'");
        DoctorCheck restore = preflight.tool("pg_restore", servers);
        assertThat(restore.detail()).contains("not found in tools.pgBinDir");
    }
}
