package dev.pgdrill.workflows.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.activities.SourceBackup;
import dev.pgdrill.workflows.testing.TestEnvironments;
import dev.pgdrill.workflows.testing.UnusedActivities;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.TestWorkflowExtension;
import io.temporal.worker.Worker;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The listing the CLI waits for: the source's answer as it is, a refusal once and as the source worded it. */
class ListBackupsWorkflowTest {
    @RegisterExtension
    final TestWorkflowExtension env = TestEnvironments.pgdrill();

    private final List<String> calls = new ArrayList<>();
    private TestWorkflowEnvironment testEnv;
    private String taskQueue;

    private final class Fake extends UnusedActivities {
        @Override
        public List<SourceBackup> listBackups(String profile) {
            calls.add(profile);
            if (profile.equals("refused")) {
                throw FailureType.SOURCE_REJECTED.permanent("unable to list the backups of Supabase project"
                        + " 'abcdefghijklmnopqrst': the access token ${SUPABASE_ACCESS_TOKEN} was refused (HTTP 401)");
            }
            return List.of(new SourceBackup(
                    "106",
                    profile,
                    "supabase",
                    "logical",
                    "COMPLETED",
                    Instant.parse("2026-02-07T04:00:02Z"),
                    Optional.empty(),
                    0,
                    "region us-east-1"));
        }
    }

    @BeforeEach
    void setUp(TestWorkflowEnvironment testEnv, Worker worker) {
        this.testEnv = testEnv;
        this.taskQueue = worker.getTaskQueue();
        worker.registerWorkflowImplementationTypes(ListBackupsWorkflowImpl.class);
        worker.registerActivitiesImplementations(new Fake());
        testEnv.start();
    }

    private List<SourceBackup> list(String profile) {
        return testEnv.getWorkflowClient()
                .newWorkflowStub(
                        ListBackupsWorkflow.class,
                        WorkflowOptions.newBuilder()
                                .setTaskQueue(taskQueue)
                                .setWorkflowId("backups-list-" + profile)
                                .build())
                .run(new ListBackupsRequest(profile, "alice"));
    }

    @Test
    void returnsTheSourcesListingOfTheProfile() {
        List<SourceBackup> backups = list("project");
        assertThat(backups).extracting(SourceBackup::id).containsExactly("106");
        assertThat(backups.get(0).startedAt()).isEqualTo(Instant.parse("2026-02-07T04:00:02Z"));
        assertThat(calls).containsExactly("project");
    }

    @Test
    void aRefusalFailsTheRunOnceWithTheSourcesWords() {
        assertThatThrownBy(() -> list("refused"))
                .isInstanceOf(WorkflowFailedException.class)
                .satisfies(e -> {
                    assertThat(FailureType.SOURCE_REJECTED.matches(e)).isTrue();
                    assertThat(Failures.rootMessage(e)).contains("${SUPABASE_ACCESS_TOKEN} was refused (HTTP 401)");
                });
        assertThat(calls).containsExactly("refused"); // SourceRejected is not retried
    }
}
