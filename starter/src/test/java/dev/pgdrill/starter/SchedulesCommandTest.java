package dev.pgdrill.starter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.core.config.ConfigLoader;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.fleet.FleetRequest;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleInfo;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.common.SearchAttributes;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.workflow.Functions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** apply's create/update/recreate decision and list's reading of a schedule, against an in-memory store. */
class SchedulesCommandTest {
    private static final String BACKUP = "pgdrill-backup-production";
    private static final String DRILL = "pgdrill-drill-production";
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static PgdrillConfig config(String backupCron) {
        String yaml = """
                catalog: { database: ops }
                databases:
                  production: { role: production, host: db1, database: app, user: app_admin }
                  sandbox:    { role: sandbox, host: db2, database: postgres, user: postgres }
                  ops:        { role: catalog, host: db2, database: pgdrill, user: postgres }
                repository: { path: backups }
                backup: { database: production, schedule: "%s" }
                approval: { approvers: [alice, bob] }
                """.formatted(backupCron);
        return new ConfigLoader(k -> null).parse(yaml, "test.yaml", Path.of("/etc/pgdrill"));
    }

    private static SchedulePlan.Planned backupPlan(String cron) {
        return SchedulePlan.desired(config(cron)).get(BACKUP);
    }

    private static String apply(FakeSchedules temporal, String backupCron) {
        return SchedulesCommand.Apply.apply(temporal, BACKUP, backupPlan(backupCron))
                .action();
    }

    @Test
    void theMemoCarriesTheCronTheTimeZoneAndWhoManagesIt() {
        Map<String, SchedulePlan.Planned> plan = SchedulePlan.desired(config("0 3 * * *"));
        assertThat(plan).containsOnlyKeys(BACKUP, DRILL, "pgdrill-monitor");
        assertThat(plan.get(BACKUP).memo())
                .isEqualTo(Map.of("cron", "0 3 * * *", "timeZone", "UTC", "managedBy", "pgdrill schedules apply"));
        assertThat(plan.get(DRILL).cron()).isEqualTo("0 4 1 * *");
        assertThat(plan.get(BACKUP).schedule().getSpec().getCronExpressions()).containsExactly("0 3 * * *");
        assertThat(plan.get(BACKUP).schedule().getPolicy().getOverlap())
                .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
    }

    @Test
    void createsThenUpdatesWhileTheCronIsTheSame() {
        FakeSchedules temporal = new FakeSchedules();
        assertThat(apply(temporal, "0 3 * * *")).isEqualTo("created");
        assertThat(apply(temporal, "0 3 * * *")).isEqualTo("updated");
        assertThat(temporal.calls).containsExactly("create " + BACKUP, "update " + BACKUP);
        assertThat(SchedulePlan.cronOf(temporal.byId.get(BACKUP))).contains("0 3 * * *");
    }

    @Test
    void recreatesWhenTheCronChangedSoTheMemoFollows() {
        FakeSchedules temporal = new FakeSchedules();
        apply(temporal, "0 3 * * *");
        assertThat(apply(temporal, "30 2 * * *")).isEqualTo("recreated");
        assertThat(temporal.calls).containsExactly("create " + BACKUP, "delete " + BACKUP, "create " + BACKUP);
        assertThat(SchedulePlan.cronOf(temporal.byId.get(BACKUP))).contains("30 2 * * *");
    }

    @Test
    void recreatesASchedulePgdrillMadeBeforeItWroteMemos() {
        FakeSchedules temporal = new FakeSchedules();
        temporal.put(BACKUP, backupPlan("0 3 * * *").schedule(), Map.of(), List.of());
        assertThat(apply(temporal, "0 3 * * *")).isEqualTo("recreated");
        assertThat(SchedulePlan.cronOf(temporal.byId.get(BACKUP))).contains("0 3 * * *");
    }

    @Test
    void listReadsTheCronFromTheMemoAndTheNextRunsFromTemporal() {
        FakeSchedules temporal = new FakeSchedules();
        SchedulePlan.Planned applied = backupPlan("30 2 * * *");
        List<Instant> fromTemporal = List.of(Instant.parse("2026-01-01T02:30:00Z"));
        temporal.put(BACKUP, applied.schedule(), applied.memo(), fromTemporal);
        SchedulesCommand.Listed l = SchedulesCommand.ListSchedules.describe(
                temporal.byId.get(BACKUP), SchedulePlan.desired(config("0 3 * * *")), NOW);
        assertThat(l.cron()).as("the memo, not the configuration").isEqualTo("30 2 * * *");
        assertThat(l.cronFrom()).isEqualTo("memo");
        assertThat(l.timeZone()).isEqualTo("UTC");
        assertThat(l.nextRuns()).isEqualTo(fromTemporal);
        assertThat(l.note()).contains("backup of 'production'");
    }

    @Test
    void listFallsBackToTheConfigurationAndComputesTheRunsTemporalDoesNotList() {
        FakeSchedules temporal = new FakeSchedules();
        // As the temporal CLI makes one: no memo, no time zone name.
        Schedule paused = Schedule.newBuilder(backupPlan("0 3 * * *").schedule())
                .setSpec(ScheduleSpec.newBuilder()
                        .setCronExpressions(List.of("0 3 * * *"))
                        .build())
                .setState(ScheduleState.newBuilder().setPaused(true).build())
                .build();
        temporal.put(BACKUP, paused, Map.of(), List.of());
        SchedulesCommand.Listed l = SchedulesCommand.ListSchedules.describe(
                temporal.byId.get(BACKUP), SchedulePlan.desired(config("0 3 * * *")), NOW);
        assertThat(l.cron()).isEqualTo("0 3 * * *");
        assertThat(l.cronFrom()).isEqualTo("configuration");
        assertThat(l.timeZone()).isEqualTo("UTC");
        assertThat(l.paused()).isTrue();
        assertThat(l.nextRuns())
                .hasSize(SchedulesCommand.NEXT_RUNS)
                .startsWith(Instant.parse("2026-01-01T03:00:00Z"), Instant.parse("2026-01-02T03:00:00Z"));
    }

    @Test
    void listShowsNoCronForAStaleScheduleWithoutAMemo() {
        FakeSchedules temporal = new FakeSchedules();
        temporal.put("pgdrill-backup-old", backupPlan("0 3 * * *").schedule(), Map.of(), List.of());
        SchedulesCommand.Listed l = SchedulesCommand.ListSchedules.describe(
                temporal.byId.get("pgdrill-backup-old"), SchedulePlan.desired(config("0 3 * * *")), NOW);
        assertThat(l.cron()).isEmpty();
        assertThat(l.cronFrom()).isEqualTo("none");
        assertThat(l.nextRuns()).isEmpty();
    }

    @Test
    void severalDatabasesShareOneBoundedFleetScheduleEachForBackupsAndDrills() {
        String yaml = """
                catalog: { database: ops }
                databases:
                  shop:    { role: production, host: db1, database: shop, user: admin }
                  billing: { role: production, host: db2, database: billing, user: admin }
                  sandbox: { role: sandbox, host: db3, database: postgres, user: postgres }
                  ops:     { role: catalog, host: db3, database: pgdrill, user: postgres }
                repository: { path: backups }
                backup: { databases: [shop, billing] }
                drill: { afterEveryBackup: true }
                fleet: { maxConcurrent: 3 }
                approval: { approvers: [alice, bob] }
                """;
        PgdrillConfig cfg = new ConfigLoader(k -> null).parse(yaml, "test.yaml", Path.of("/etc/pgdrill"));
        Map<String, SchedulePlan.Planned> plan = SchedulePlan.desired(cfg);
        assertThat(plan).containsOnlyKeys("pgdrill-fleet-backup", "pgdrill-fleet-drill", "pgdrill-monitor");
        ScheduleActionStartWorkflow action = (ScheduleActionStartWorkflow)
                plan.get("pgdrill-fleet-backup").schedule().getAction();
        assertThat(action.getWorkflowType()).isEqualTo("FleetWorkflow");
        assertThat(action.getOptions().getWorkflowId()).isEqualTo("fleet-backup");
        FleetRequest request = action.getArguments().get(0, FleetRequest.class);
        assertThat(request.profiles()).containsExactly("shop", "billing");
        assertThat(request.maxConcurrent()).isEqualTo(3);
        assertThat(request.runKind()).isEqualTo("scheduled");
        assertThat(request.drillAfter().enabled()).isTrue();
    }

    /** Just enough of Temporal's schedule store: create (refusing a taken id), describe, update, delete. */
    private static final class FakeSchedules implements ScheduleClient {
        private static final DataConverter CONVERTER = GlobalDataConverter.get();
        final Map<String, ScheduleDescription> byId = new LinkedHashMap<>();
        final List<String> calls = new ArrayList<>();

        void put(String id, Schedule schedule, Map<String, Object> memo, List<Instant> nextRuns) {
            Map<String, Payload> payloads = new LinkedHashMap<>();
            memo.forEach((k, v) -> payloads.put(k, CONVERTER.toPayload(v).orElseThrow()));
            ScheduleInfo info = new ScheduleInfo(0, 0, 0, List.of(), List.of(), nextRuns, NOW, null);
            byId.put(
                    id,
                    new ScheduleDescription(id, info, schedule, Map.of(), SearchAttributes.EMPTY, payloads, CONVERTER));
        }

        @Override
        public ScheduleHandle createSchedule(String id, Schedule schedule, ScheduleOptions options) {
            if (byId.containsKey(id)) {
                throw new ScheduleAlreadyRunningException(null);
            }
            calls.add("create " + id);
            put(id, schedule, options.getMemo() == null ? Map.of() : options.getMemo(), List.of());
            return getHandle(id);
        }

        @Override
        public ScheduleHandle getHandle(String id) {
            return new Handle(id);
        }

        @Override
        public Stream<ScheduleListDescription> listSchedules() {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<ScheduleListDescription> listSchedules(Integer pageSize) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<ScheduleListDescription> listSchedules(String query, Integer pageSize) {
            throw new UnsupportedOperationException();
        }

        private final class Handle implements ScheduleHandle {
            private final String id;

            Handle(String id) {
                this.id = id;
            }

            @Override
            public String getId() {
                return id;
            }

            @Override
            public ScheduleDescription describe() {
                return byId.get(id);
            }

            @Override
            public void update(Functions.Func1<ScheduleUpdateInput, ScheduleUpdate> updater) {
                calls.add("update " + id);
                ScheduleDescription before = byId.get(id);
                Schedule after = updater.apply(new ScheduleUpdateInput(before)).getSchedule();
                // The memo stays as it was: ScheduleUpdate has no way to carry one.
                byId.put(
                        id,
                        new ScheduleDescription(
                                id,
                                before.getInfo(),
                                after,
                                Map.of(),
                                SearchAttributes.EMPTY,
                                memoOf(before),
                                CONVERTER));
            }

            @Override
            public void delete() {
                calls.add("delete " + id);
                byId.remove(id);
            }

            @Override
            public void backfill(List<ScheduleBackfill> backfills) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void pause(String note) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void pause() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void trigger(ScheduleOverlapPolicy overlapPolicy) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void trigger() {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unpause(String note) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void unpause() {
                throw new UnsupportedOperationException();
            }
        }

        private static Map<String, Payload> memoOf(ScheduleDescription d) {
            Map<String, Payload> out = new LinkedHashMap<>();
            for (String key :
                    List.of(SchedulePlan.MEMO_CRON, SchedulePlan.MEMO_TIME_ZONE, SchedulePlan.MEMO_MANAGED_BY)) {
                String value = d.getMemo(key, String.class, String.class);
                if (value != null) {
                    out.put(key, CONVERTER.toPayload(value).orElseThrow());
                }
            }
            return out;
        }
    }
}
