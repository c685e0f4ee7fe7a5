package dev.pgdrill.core.temporal;

import com.uber.m3.tally.Scope;
import dev.pgdrill.core.config.PgdrillConfig;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC connection to Temporal from the configuration, shared by the worker and the CLI. It lives in
 * the activities module only because both of those depend on it; workflow code never touches it.
 */
public final class TemporalConnection implements AutoCloseable {
    private final PgdrillConfig.Temporal config;
    private final WorkflowServiceStubs stubs;
    private OperatorServiceStubs operator;

    public TemporalConnection(PgdrillConfig.Temporal config) {
        this(config, null);
    }

    /**
     * @param metrics where the SDK reports its own metrics (the worker's, into its Prometheus registry), or null
     *                for none
     */
    public TemporalConnection(PgdrillConfig.Temporal config, Scope metrics) {
        this.config = config;
        // Lazy: nothing is dialled until the first call, so callers decide their own deadlines.
        WorkflowServiceStubsOptions.Builder options =
                WorkflowServiceStubsOptions.newBuilder().setTarget(config.address());
        if (metrics != null) {
            options.setMetricsScope(metrics);
        }
        this.stubs = WorkflowServiceStubs.newServiceStubs(options.build());
    }

    public PgdrillConfig.Temporal config() {
        return config;
    }

    public WorkflowServiceStubs stubs() {
        return stubs;
    }

    public synchronized OperatorServiceStubs operator() {
        if (operator == null) {
            operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                    .setChannel(stubs.getRawChannel())
                    .validateAndBuildWithDefaults());
        }
        return operator;
    }

    public WorkflowClient client() {
        return WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .build());
    }

    /** Temporal's schedules in the configured namespace. */
    public ScheduleClient schedules() {
        return ScheduleClient.newInstance(
                stubs,
                ScheduleClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .build());
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.shutdown();
        }
        stubs.shutdown();
        stubs.awaitTermination(5, TimeUnit.SECONDS);
    }
}
