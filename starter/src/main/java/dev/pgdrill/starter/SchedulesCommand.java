package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.WorkflowIds;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code pgdrill schedules apply|list|trigger}: the Temporal Schedules that run pgdrill unattended. */
@Command(name = "schedules", mixinStandardHelpOptions = true, description = "Manage pgdrill's Temporal Schedules.",
        subcommands = {SchedulesCommand.Apply.class, SchedulesCommand.ListSchedules.class, SchedulesCommand.Trigger.class})
final class SchedulesCommand {

    /** One line of apply's report. */
    record Applied(String scheduleId, String action) {}

    /** One schedule as list shows it. */
    record Listed(String scheduleId, String cron, String timeZone, boolean paused, List<Instant> nextRuns,
            List<Instant> recentRuns, String note) {}

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = "Create or update the schedules from the configuration; delete pgdrill schedules it no longer names.")
    static final class Apply implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            List<Applied> report = new ArrayList<>();
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                ScheduleClient client = temporal.schedules();
                Map<String, Schedule> desired = SchedulePlan.desired(cfg);
                for (Map.Entry<String, Schedule> e : desired.entrySet()) {
                    report.add(temporal.call("apply schedule " + e.getKey(), () -> createOrUpdate(client, e.getKey(), e.getValue())));
                }
                List<String> stale = temporal.call("list schedules", () -> client.listSchedules().map(s -> s.getScheduleId())
                        .filter(id -> WorkflowIds.isPgdrillSchedule(id) && !desired.containsKey(id)).toList());
                for (String id : stale) {
                    temporal.call("delete schedule " + id, () -> {
                        client.getHandle(id).delete();
                        return null;
                    });
                    report.add(new Applied(id, "deleted"));
                }
            }
            cli.emit(report, out -> report.forEach(a -> out.println(a.action() + " " + a.scheduleId())));
            return ExitCodes.OK;
        }

        private static Applied createOrUpdate(ScheduleClient client, String id, Schedule schedule) {
            try {
                client.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
                return new Applied(id, "created");
            } catch (ScheduleAlreadyRunningException e) {
                client.getHandle(id).update(input -> new ScheduleUpdate(schedule));
                return new Applied(id, "updated");
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "pgdrill's schedules with their next runs.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            List<Listed> listed;
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                ScheduleClient client = temporal.schedules();
                listed = temporal.call("list schedules", () -> client.listSchedules().map(s -> s.getScheduleId())
                        .filter(WorkflowIds::isPgdrillSchedule).sorted()
                        .map(id -> describe(client.getHandle(id).describe())).toList());
            }
            if (cli.json()) {
                Cli.printJson(cli.out(), listed);
                return ExitCodes.OK;
            }
            PrintWriter out = cli.out();
            if (listed.isEmpty()) {
                out.println("no pgdrill schedules (pgdrill schedules apply creates them)");
            }
            Instant now = Instant.now();
            for (Listed l : listed) {
                out.printf("%-32s %-14s %s%s%n", l.scheduleId(), "\"" + l.cron() + "\" " + l.timeZone(),
                        l.nextRuns().isEmpty() ? "no next run" : "next " + Cli.time(l.nextRuns().get(0))
                                + " (" + Cli.relative(l.nextRuns().get(0), now) + ")", l.paused() ? "  PAUSED" : "");
            }
            return ExitCodes.OK;
        }

        private static Listed describe(ScheduleDescription d) {
            var spec = d.getSchedule().getSpec();
            var state = d.getSchedule().getState();
            String cron = SchedulePlan.cronFromNote(state == null ? "" : state.getNote());
            return new Listed(d.getId(), cron, spec.getTimeZoneName() == null ? "UTC" : spec.getTimeZoneName(),
                    state != null && state.isPaused(), d.getInfo().getNextActionTimes(),
                    d.getInfo().getRecentActions().stream().map(a -> a.getScheduledAt()).toList(),
                    state == null || state.getNote() == null ? "" : state.getNote());
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true, description = "Run a schedule's action now.")
    static final class Trigger implements Callable<Integer> {
        @Mixin
        CliContext cli;
        @Parameters(paramLabel = "NAME", description = "'backup', 'drill', or a schedule id such as pgdrill-backup-production.")
        String name;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            String profile = cfg.backup().database();
            String id = WorkflowIds.isPgdrillSchedule(name) ? name
                    : name.equals("backup") ? WorkflowIds.backupSchedule(profile)
                    : name.equals("drill") ? WorkflowIds.drillSchedule(profile) : null;
            if (id == null || !SchedulePlan.desired(cfg).containsKey(id)) {
                throw new CliFailure(ExitCodes.USAGE, "no pgdrill schedule '" + name + "' (known: "
                        + String.join(", ", SchedulePlan.desired(cfg).keySet()) + ")");
            }
            try (TemporalSession temporal = new TemporalSession(cfg)) {
                temporal.call("trigger schedule " + id, () -> {
                    ScheduleHandle h = temporal.schedules().getHandle(id);
                    h.describe(); // a schedule never applied fails here with NOT_FOUND, before the trigger
                    h.trigger();
                    return null;
                });
            }
            cli.emit(java.util.Map.of("scheduleId", id), out -> out.println("triggered " + id));
            return ExitCodes.OK;
        }
    }
}
