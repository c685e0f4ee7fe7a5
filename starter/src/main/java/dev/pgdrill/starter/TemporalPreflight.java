package dev.pgdrill.starter;

import dev.pgdrill.core.preflight.DoctorCheck;
import dev.pgdrill.core.temporal.TemporalConnection;
import dev.pgdrill.workflows.PgdrillSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.common.SearchAttributeKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Doctor's checks of the Temporal side: server and namespace, search attributes, a polling worker. */
final class TemporalPreflight {
    /** Long enough for a server across a WAN, short enough that a dead address does not stall doctor. */
    private static final long DEADLINE_SECONDS = 5;

    private final TemporalConnection temporal;

    TemporalPreflight(TemporalConnection temporal) {
        this.temporal = temporal;
    }

    List<DoctorCheck> run(boolean register) {
        List<DoctorCheck> checks = new ArrayList<>();
        DoctorCheck server = server();
        checks.add(server);
        if (!server.failed()) {
            checks.add(searchAttributes(register));
            checks.add(worker());
        }
        return checks;
    }

    private DoctorCheck server() {
        String address = temporal.config().address();
        String ns = temporal.config().namespace();
        try {
            var stub = temporal.stubs().blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            String version = stub.getSystemInfo(GetSystemInfoRequest.getDefaultInstance())
                    .getServerVersion();
            stub.describeNamespace(
                    DescribeNamespaceRequest.newBuilder().setNamespace(ns).build());
            return DoctorCheck.ok(
                    "temporal",
                    address + " reachable (server " + (version.isEmpty() ? "?" : version) + "), namespace '" + ns
                            + "' exists");
        } catch (StatusRuntimeException e) {
            Status.Code code = e.getStatus().getCode();
            if (code == Status.Code.NOT_FOUND) {
                return DoctorCheck.fail(
                        "temporal",
                        "namespace '" + ns + "' does not exist at " + address,
                        "temporal operator namespace create --namespace " + ns + " (or fix temporal.namespace)");
            }
            return DoctorCheck.fail(
                    "temporal",
                    "unable to reach Temporal at " + address + ": " + describe(e),
                    "start it (temporal server start-dev) or fix temporal.address");
        }
    }

    private DoctorCheck searchAttributes(boolean register) {
        String ns = temporal.config().namespace();
        try {
            var op = temporal.operator().blockingStub().withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS);
            Map<String, IndexedValueType> existing = op.listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                            .setNamespace(ns)
                            .build())
                    .getCustomAttributesMap();
            List<String> missing = new ArrayList<>();
            for (SearchAttributeKey<String> key : PgdrillSearchAttributes.ALL) {
                IndexedValueType type = existing.get(key.getName());
                if (type == null) {
                    missing.add(key.getName());
                } else if (type != IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD) {
                    return DoctorCheck.fail(
                            "search attributes",
                            key.getName() + " exists with type " + type + ", pgdrill needs Keyword",
                            "remove it and run pgdrill doctor --migrate");
                }
            }
            if (!missing.isEmpty() && register) {
                AddSearchAttributesRequest.Builder add =
                        AddSearchAttributesRequest.newBuilder().setNamespace(ns);
                missing.forEach(n -> add.putSearchAttributes(n, IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD));
                temporal.operator()
                        .blockingStub()
                        .withDeadlineAfter(30, TimeUnit.SECONDS)
                        .addSearchAttributes(add.build());
                return DoctorCheck.ok(
                        "search attributes", "registered " + String.join(", ", missing) + " in '" + ns + "'");
            }
            if (!missing.isEmpty()) {
                return DoctorCheck.fail(
                        "search attributes",
                        "missing in namespace '" + ns + "': " + String.join(", ", missing),
                        "run pgdrill doctor --migrate, or: temporal operator search-attribute create --name "
                                + missing.get(0) + " --type Keyword");
            }
            return DoctorCheck.ok("search attributes", names() + " present");
        } catch (StatusRuntimeException e) {
            return DoctorCheck.fail(
                    "search attributes",
                    "unable to list search attributes of '" + ns + "': " + describe(e),
                    "the operator API must be reachable at " + temporal.config().address());
        }
    }

    private DoctorCheck worker() {
        String queue = temporal.config().taskQueue();
        try {
            int pollers = temporal.stubs()
                    .blockingStub()
                    .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(temporal.config().namespace())
                            .setTaskQueue(TaskQueue.newBuilder().setName(queue).build())
                            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                            .build())
                    .getPollersCount();
            if (pollers == 0) {
                // A warning, not a failure: doctor is also the preflight run before the first worker starts.
                return DoctorCheck.warn(
                        "worker",
                        "no worker is polling task queue '" + queue + "'",
                        "start one: bin/pgdrill-worker --config <file>");
            }
            return DoctorCheck.ok("worker", pollers + " poller(s) on task queue '" + queue + "'");
        } catch (StatusRuntimeException e) {
            return DoctorCheck.warn("worker", "unable to describe task queue '" + queue + "': " + describe(e), "");
        }
    }

    private static String names() {
        return String.join(
                ", ",
                PgdrillSearchAttributes.ALL.stream()
                        .map(SearchAttributeKey::getName)
                        .toList());
    }

    private static String describe(StatusRuntimeException e) {
        String d = e.getStatus().getDescription();
        return e.getStatus().getCode()
                + (d == null || d.isBlank() ? "" : " (" + d.lines().findFirst().orElse(d) + ")");
    }
}
