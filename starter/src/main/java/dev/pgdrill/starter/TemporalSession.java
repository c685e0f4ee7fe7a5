package dev.pgdrill.starter;

import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.temporal.TemporalConnection;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.function.Supplier;

/** The CLI's connection to Temporal, and the one place its gRPC errors become a clear exit 3. */
final class TemporalSession implements AutoCloseable {
    private final PgdrillConfig config;
    private final TemporalConnection connection;

    TemporalSession(PgdrillConfig config) {
        this.config = config;
        this.connection = new TemporalConnection(config.temporal());
    }

    WorkflowClient client() {
        return connection.client();
    }

    ScheduleClient schedules() {
        return ScheduleClient.newInstance(connection.stubs(),
                ScheduleClientOptions.newBuilder().setNamespace(config.temporal().namespace()).build());
    }

    /** Runs a call against Temporal; an unreachable server is a CliFailure with the address, not a trace. */
    <T> T call(String what, Supplier<T> body) {
        try {
            return body.get();
        } catch (io.temporal.client.WorkflowException e) {
            throw e; // about the workflow itself (already started, failed, update refused): the caller's to explain
        } catch (RuntimeException e) {
            StatusRuntimeException grpc = grpcCause(e);
            if (grpc == null) {
                throw e;
            }
            String d = grpc.getStatus().getDescription();
            throw new CliFailure(ExitCodes.INFRASTRUCTURE, "unable to " + what + " at Temporal "
                    + config.temporal().address() + " (namespace '" + config.temporal().namespace() + "'): "
                    + grpc.getStatus().getCode() + (d == null ? "" : " " + d.lines().findFirst().orElse(""))
                    + " (run pgdrill doctor)");
        }
    }

    private static StatusRuntimeException grpcCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof StatusRuntimeException s) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void close() {
        connection.close();
    }
}
