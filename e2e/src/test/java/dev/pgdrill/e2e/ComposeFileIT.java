package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-compose.yml as Docker Compose reads it (Debian's docker-compose, `config`: no engine needed): both
 * profiles are valid, every port is bound to loopback, every long-running service restarts and the ones others
 * wait for have health checks; the worker's configuration loads.
 */
class ComposeFileIT {
    private static final Path COMPOSE = Path.of("../docker-compose.yml");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void eachProfileIsValidAndSafeByDefault(String profile) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        "docker-compose", "-f", COMPOSE.toString(), "--profile", profile, "config")
                .redirectErrorStream(true);
        pb.environment().put("PGDRILL_DB_PASSWORD", "only-for-the-check");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(out).isZero();
        JsonNode services = new ObjectMapper(new YAMLFactory()).readTree(out).get("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names).contains("postgres").contains(profile.equals("dev") ? "temporal-dev" : "temporal");
        for (String name : names) {
            JsonNode s = services.get(name);
            assertThat(s.path("restart").asText()).as(name + " restarts").isEqualTo("unless-stopped");
            for (JsonNode port : s.path("ports")) {
                String published =
                        port.isTextual() ? port.asText() : port.path("host_ip").asText();
                assertThat(published).as(name + " port bound to loopback").startsWith("127.0.0.1");
            }
        }
        assertThat(services.get("postgres").has("healthcheck")).isTrue();
        if (profile.equals("prod")) {
            assertThat(names).contains("temporal-ui", "worker");
            assertThat(services.get("temporal").has("healthcheck")).isTrue();
            assertThat(services.get("worker").has("healthcheck")).isTrue();
        } else {
            assertThat(services.get("temporal-dev").path("volumes").toString()).contains("/home/temporal");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"config/pgdrill.compose.yaml"})
    void theWorkersConfigurationLoads(String file) {
        PgdrillConfig c = new ConfigLoader(Map.of("PGDRILL_DB_PASSWORD", "x")::get)
                .load(Path.of("..").resolve(file));
        assertThat(c.temporal().address()).isEqualTo("temporal:7233");
        assertThat(Files.exists(Path.of("../Dockerfile"))).isTrue();
    }
}
