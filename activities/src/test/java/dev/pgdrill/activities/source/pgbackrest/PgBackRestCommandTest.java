package dev.pgdrill.activities.source.pgbackrest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.SourceConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PgBackRestCommandTest {
    @TempDir
    Path dir;

    private static PgBackRestCommand command(Optional<Path> conf, Optional<Integer> processMax) {
        return new PgBackRestCommand(
                new SourceConfig.PgBackRest("main", conf, 1, "full", Optional.empty(), processMax));
    }

    @Test
    void theProfilesProcessCountWinsOverPgBackRestsConfiguration() throws Exception {
        Path conf = Files.writeString(dir.resolve("pgbackrest.conf"), "[global]\nprocess-max=3\n");
        assertThat(command(Optional.of(conf), Optional.of(5)).processMax()).contains(5);
    }

    @Test
    void aProcessCountInPgBackRestsConfigurationStands() throws Exception {
        Path conf = Files.writeString(
                dir.resolve("pgbackrest.conf"), "[global]\nrepo1-path=/r\n\n[main:restore]\n  process-max = 3\n");
        assertThat(command(Optional.of(conf), Optional.empty()).processMax()).isEmpty();
    }

    @Test
    void withoutEitherRestoresUseEveryCore() throws Exception {
        Path conf = Files.writeString(
                dir.resolve("pgbackrest.conf"), "[global]\nrepo1-path=/r\n# process-max=1 in a comment\n");
        assertThat(command(Optional.of(conf), Optional.empty()).processMax())
                .contains(Runtime.getRuntime().availableProcessors());
        assertThat(command(Optional.of(dir.resolve("missing.conf")), Optional.empty())
                        .processMax())
                .contains(Runtime.getRuntime().availableProcessors());
    }
}
