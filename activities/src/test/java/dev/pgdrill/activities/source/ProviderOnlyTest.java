package dev.pgdrill.activities.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.catalog.Manifest;
import dev.pgdrill.core.catalog.SchemaFingerprint;
import dev.pgdrill.core.catalog.SchemaFingerprint.SchemaObject;
import dev.pgdrill.workflows.verify.CheckResult;
import dev.pgdrill.workflows.verify.CheckStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a Supabase backup holds that a sandbox cannot: left out of the restore by TOC line, and not expected. */
class ProviderOnlyTest {
    private final ProviderOnly only =
            new ProviderOnly(Set.of("authenticated"), Set.of("pg_graphql"), Set.of("public.todos policy todos select"));

    @Test
    void leavesOutThePlatformsExtensionsAndThePoliciesNamingItsRoles() {
        assertThat(only.leavesOut("215; 3079 16385 EXTENSION - pg_graphql ")).isTrue();
        assertThat(only.leavesOut("4321; 0 0 COMMENT - EXTENSION pg_graphql ")).isTrue();
        assertThat(only.leavesOut("3400; 3256 16420 POLICY public todos todos select postgres"))
                .isTrue();
        assertThat(only.leavesOut("216; 3079 16386 EXTENSION - pg_graphql_extra "))
                .isFalse();
        assertThat(only.leavesOut("3401; 3256 16421 POLICY public todos todos_public postgres"))
                .isFalse();
        assertThat(only.leavesOut("3402; 0 16409 TABLE DATA public todos postgres"))
                .isFalse();
        assertThat(ProviderOnly.NONE.leavesOut("215; 3079 16385 EXTENSION - pg_graphql "))
                .isFalse();
    }

    @Test
    void theExpectedManifestLacksExactlyWhatWasLeftOutAndEachIsASkip() {
        SchemaFingerprint f = new SchemaFingerprint(
                SchemaFingerprint.VERSION,
                Map.of(
                        "rls",
                        List.of(
                                new SchemaObject("public.todos", Map.of("row_security", "enabled")),
                                new SchemaObject("public.todos policy todos select", Map.of("roles", "authenticated")),
                                new SchemaObject("public.todos policy todos_public", Map.of("roles", "PUBLIC"))),
                        "extensions",
                        List.of(
                                new SchemaObject("pg_graphql", Map.of("version", "1.5.11")),
                                new SchemaObject("plpgsql", Map.of("version", "1.0"))),
                        "comments",
                        List.of(new SchemaObject("extension pg_graphql", Map.of("text", "GraphQL support")))));
        Manifest m = new Manifest(
                2,
                "b1",
                "project",
                "postgres",
                "manual",
                "17",
                "17",
                Instant.EPOCH,
                Instant.EPOCH,
                "directory",
                2,
                null,
                List.of(),
                List.of(),
                List.of(),
                List.of(),
                List.of(
                        new Manifest.ExtensionEntry("pg_graphql", "1.5.11"),
                        new Manifest.ExtensionEntry("plpgsql", "1.0")),
                List.of(),
                List.of(),
                0,
                Optional.of(f));

        Manifest expected = only.expected(m);

        SchemaFingerprint e = expected.schema().orElseThrow();
        assertThat(e.of("rls"))
                .extracting(SchemaObject::key)
                .containsExactly("public.todos", "public.todos policy todos_public");
        assertThat(e.of("extensions")).extracting(SchemaObject::key).containsExactly("plpgsql");
        assertThat(e.of("comments")).isEmpty();
        assertThat(expected.extensions())
                .extracting(Manifest.ExtensionEntry::name)
                .containsExactly("plpgsql");
        List<CheckResult> checks = only.checks("Supabase");
        assertThat(checks).extracting(CheckResult::name).containsExactly("provider_roles", "provider_extensions");
        assertThat(checks).allSatisfy(c -> assertThat(c.status()).isEqualTo(CheckStatus.SKIP));
        assertThat(checks.get(0).detail()).contains("authenticated").contains("public.todos policy todos select");
        assertThat(checks.get(1).detail()).contains("pg_graphql");
        assertThat(ProviderOnly.NONE.checks("Supabase")).isEmpty();
        assertThat(ProviderOnly.NONE.expected(m)).isSameAs(m);
    }
}
