package dev.pgdrill.worker;

import dev.pgdrill.activities.config.PgdrillConfig;
import io.temporal.worker.Worker;
import java.util.ArrayList;
import java.util.List;

/** Everything this worker serves: workflow implementations and the activity objects they call. */
final class Registrations {
    private Registrations() {}

    static PgdrillWorker.Registered register(Worker worker, PgdrillConfig config) {
        List<Class<?>> workflows = new ArrayList<>();
        List<Object> activities = new ArrayList<>();
        if (!workflows.isEmpty()) {
            worker.registerWorkflowImplementationTypes(workflows.toArray(Class<?>[]::new));
        }
        if (!activities.isEmpty()) {
            worker.registerActivitiesImplementations(activities.toArray());
        }
        return new PgdrillWorker.Registered(
                workflows.stream().map(Class::getSimpleName).toList(),
                activities.stream().map(a -> a.getClass().getSimpleName()).toList());
    }
}
