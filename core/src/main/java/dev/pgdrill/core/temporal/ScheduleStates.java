package dev.pgdrill.core.temporal;

import dev.pgdrill.workflows.monitor.ScheduleFact;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Whether pgdrill's schedules exist, run and when next, as Temporal says: for the monitor and the dashboard. */
public final class ScheduleStates {
    private ScheduleStates() {}

    /**
     * One fact per id; a schedule Temporal does not know is {@code exists=false}. Any other error (Temporal
     * unreachable) propagates: the caller decides what unknown schedules mean.
     */
    public static List<ScheduleFact> read(ScheduleClient client, List<String> ids) {
        List<ScheduleFact> out = new ArrayList<>();
        for (String id : ids) {
            try {
                ScheduleDescription d = client.getHandle(id).describe();
                var state = d.getSchedule().getState();
                List<Instant> next = d.getInfo().getNextActionTimes();
                out.add(new ScheduleFact(
                        id, true, state != null && state.isPaused(), next.isEmpty() ? Instant.EPOCH : next.get(0)));
            } catch (RuntimeException e) {
                if (!notFound(e)) {
                    throw e;
                }
                out.add(new ScheduleFact(id, false, false, Instant.EPOCH));
            }
        }
        return out;
    }

    private static boolean notFound(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof StatusRuntimeException s && s.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }
}
