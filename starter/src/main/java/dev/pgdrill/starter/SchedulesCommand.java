package dev.pgdrill.starter;

import dev.pgdrill.core.config.CronSchedule;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.WorkflowSettings;
import dev.pgdrill.workflows.WorkflowIds;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code pgdrill schedules apply|list|trigger}: the Temporal Schedules that run pgdrill unattended. */
@Command(
        name = "schedules",
        description = "Manage pgdrill's Temporal Schedules.",
        subcommands = {
            SchedulesCommand.Apply.class,
            SchedulesCommand.ListSchedules.class,
            SchedulesCommand.Trigger.class
        })
final class SchedulesCommand {

    /** One line of apply's report. */
    record Applied(String scheduleId, String action) {}

    /**
     * One schedule as list shows it. {@code cronFrom} says where {@code cron} was read: {@code memo} (what
     * apply wrote), {@code configuration} (a schedule made before memos; apply recreates it) or {@code none}.
     */
    record Listed(
            String scheduleId,
            String cron,
            String cronFrom,
            String timeZone,
            boolean paused,
            List<Instant> nextRuns,
            List<Instant> recentRuns,
            String note) {}

    /** As many next runs as Temporal lists, when they are computed here instead. */
    static final int NEXT_RUNS = 10;

    @Command(
            name = "apply",
            description = "Create, update or recreate the schedules from the configuration; delete pgdrill schedules it"
                    + " no longer names.")
    static final class Apply implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            List<Applied> report = new ArrayList<>();
            try (TemporalSession temporal = cli.temporal()) {
                ScheduleClient client = temporal.schedules();
                Map<String, SchedulePlan.Planned> desired = SchedulePlan.desired(cfg);
                for (Map.Entry<String, SchedulePlan.Planned> e : desired.entrySet()) {
                    report.add(temporal.call(
                            "apply schedule " + e.getKey(), () -> apply(client, e.getKey(), e.getValue())));
                }
                List<String> stale = temporal.call("list schedules", () -> client.listSchedules()
                        .map(s -> s.getScheduleId())
                        .filter(id -> WorkflowIds.isPgdrillSchedule(id) && !desired.containsKey(id))
                        .toList());
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

        /** created, updated (same cron), or recreated (cron changed, or a schedule made before the memo). */
        static Applied apply(ScheduleClient client, String id, SchedulePlan.Planned plan) {
            ScheduleOptions options =
                    ScheduleOptions.newBuilder().setMemo(plan.memo()).build();
            try {
                client.createSchedule(id, plan.schedule(), options);
                return new Applied(id, "created");
            } catch (ScheduleAlreadyRunningException e) {
                ScheduleHandle handle = client.getHandle(id);
                if (SchedulePlan.cronOf(handle.describe())
                        .filter(plan.cron()::equals)
                        .isPresent()) {
                    handle.update(input -> new ScheduleUpdate(plan.schedule()));
                    return new Applied(id, "updated");
                }
                // An update cannot change the memo, and list trusts the memo's cron: a new cron needs a new
                // schedule. This resets the schedule's recent-action history and counts (the runs themselves
                // stay in workflow history). Should the create fail, the next apply creates it.
                handle.delete();
                client.createSchedule(id, plan.schedule(), options);
                return new Applied(id, "recreated");
            }
        }
    }

    @Command(name = "list", description = "pgdrill's schedules with their next runs.")
    static final class ListSchedules implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            Map<String, SchedulePlan.Planned> configured = SchedulePlan.desired(cfg);
            Instant now = Instant.now();
            List<Listed> listed;
            try (TemporalSession temporal = cli.temporal()) {
                ScheduleClient client = temporal.schedules();
                listed = temporal.call("list schedules", () -> client.listSchedules()
                        .map(s -> s.getScheduleId())
                        .filter(WorkflowIds::isPgdrillSchedule)
                        .sorted()
                        .map(id -> describe(client.getHandle(id).describe(), configured, now))
                        .toList());
            }
            cli.emit(listed, out -> print(out, listed, now));
            return ExitCodes.OK;
        }

        private static void print(PrintWriter out, List<Listed> listed, Instant now) {
            if (listed.isEmpty()) {
                out.println("no pgdrill schedules (pgdrill schedules apply creates them)");
            }
            for (Listed l : listed) {
                out.printf(
                        "%-32s %-14s %s%s%s%n",
                        l.scheduleId(),
                        "\"" + l.cron() + "\" " + l.timeZone(),
                        l.nextRuns().isEmpty()
                                ? "no next run"
                                : "next " + Cli.time(l.nextRuns().get(0)) + " ("
                                        + Cli.relative(l.nextRuns().get(0), now) + ")",
                        l.paused() ? "  PAUSED" : "",
                        l.cronFrom().equals("configuration")
                                ? "  (cron from the configuration: run schedules apply)"
                                : "");
            }
        }

        static Listed describe(ScheduleDescription d, Map<String, SchedulePlan.Planned> configured, Instant now) {
            var spec = d.getSchedule().getSpec();
            var state = d.getSchedule().getState();
            Optional<String> fromMemo = SchedulePlan.cronOf(d);
            Optional<String> fromConfig =
                    Optional.ofNullable(configured.get(d.getId())).map(SchedulePlan.Planned::cron);
            String cron = fromMemo.or(() -> fromConfig).orElse("");
            String cronFrom = fromMemo.isPresent() ? "memo" : fromConfig.isPresent() ? "configuration" : "none";
            boolean paused = state != null && state.isPaused();
            boolean usedUp = state != null && state.isLimitedAction() && state.getRemainingActions() <= 0;
            List<Instant> next = d.getInfo().getNextActionTimes();
            if (next.isEmpty() && !cron.isEmpty() && !usedUp) {
                // Should Temporal list none (a paused schedule on some servers; 1.29 lists them anyway),
                // the cron still says when it would run.
                next = nextRuns(cron, now);
            }
            // No time zone name means UTC to Temporal (a schedule made with the temporal CLI has none).
            String zone =
                    spec.getTimeZoneName() == null || spec.getTimeZoneName().isEmpty()
                            ? CronSchedule.TIME_ZONE
                            : spec.getTimeZoneName();
            return new Listed(
                    d.getId(),
                    cron,
                    cronFrom,
                    zone,
                    paused,
                    next,
                    d.getInfo().getRecentActions().stream()
                            .map(a -> a.getScheduledAt())
                            .toList(),
                    state == null || state.getNote() == null ? "" : state.getNote());
        }

        private static List<Instant> nextRuns(String cron, Instant now) {
            try {
                return CronSchedule.parse(cron).next(now, NEXT_RUNS);
            } catch (IllegalArgumentException notOurs) {
                return List.of(); // a memo written by someone else; Temporal's own spec is what counts then
            }
        }
    }

    @Command(name = "trigger", description = "Run a schedule's action now.")
    static final class Trigger implements Callable<Integer> {
        @Mixin
        CliContext cli;

        @Parameters(
                paramLabel = "NAME",
                description = "'backup', 'drill', 'monitor', or a schedule id such as pgdrill-backup-production.")
        String name;

        @Override
        public Integer call() {
            PgdrillConfig cfg = cli.config();
            String id = WorkflowIds.isPgdrillSchedule(name)
                    ? name
                    : name.equals("backup")
                            ? WorkflowSettings.backupSchedule(cfg, cfg.backup().database())
                            : name.equals("drill")
                                    ? WorkflowSettings.drillSchedule(
                                            cfg, cfg.drill().databases().get(0))
                                    : name.equals("monitor") ? WorkflowIds.monitorSchedule() : null;
            if (id == null || !SchedulePlan.desired(cfg).containsKey(id)) {
                throw new CliFailure(
                        ExitCodes.USAGE,
                        "no pgdrill schedule '" + name + "' (known: "
                                + String.join(", ", SchedulePlan.desired(cfg).keySet()) + ")");
            }
            try (TemporalSession temporal = cli.temporal()) {
                temporal.call("trigger schedule " + id, () -> {
                    ScheduleHandle h = temporal.schedules().getHandle(id);
                    h.describe(); // a schedule never applied fails here with NOT_FOUND, before the trigger
                    h.trigger();
                    return null;
                });
            }
            cli.emit(Map.of("scheduleId", id), out -> out.println("triggered " + id));
            return ExitCodes.OK;
        }
    }
}
