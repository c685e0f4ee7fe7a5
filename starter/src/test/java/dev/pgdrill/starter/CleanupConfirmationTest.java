package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.core.db.Leftovers.Leftover;
import dev.pgdrill.core.db.Leftovers.OwnerState;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** {@code pgdrill cleanup --drop NAME} drops only once the operator typed the name. */
class CleanupConfirmationTest {
    private static final Leftover OLD_PRODUCTION = new Leftover(
            "app__pre_restore_20260117t093512z",
            "pre-restore (kept old production)",
            "127.0.0.1:5432",
            "production",
            "pgdrill:pre-restore-of=app by emergency-restore-production-side",
            3L << 20,
            "emergency-restore-production-side",
            OwnerState.ENDED);

    private final StringWriter prompt = new StringWriter();

    private void confirm(String typed) throws Exception {
        CleanupCommand.confirm(OLD_PRODUCTION, new BufferedReader(new StringReader(typed)), new PrintWriter(prompt));
    }

    @Test
    void theTypedNameConfirms() throws Exception {
        confirm("  app__pre_restore_20260117t093512z\n");
        assertThat(prompt.toString())
                .contains("drops database 'app__pre_restore_20260117t093512z' on 127.0.0.1:5432")
                .contains("Type its name to confirm");
    }

    @Test
    void anotherNameIsRefused() {
        assertThatThrownBy(() -> confirm("app\n"))
                .isInstanceOfSatisfying(
                        CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED))
                .hasMessageContaining("'app' is not its name");
    }

    @Test
    void noInputAtAllIsAUsageErrorThatPointsAtYes() {
        assertThatThrownBy(() -> confirm(""))
                .isInstanceOfSatisfying(
                        CliFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCodes.USAGE))
                .hasMessageContaining("no confirmation on standard input")
                .hasMessageContaining("--yes");
    }
}
