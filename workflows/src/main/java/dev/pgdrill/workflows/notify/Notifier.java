package dev.pgdrill.workflows.notify;

import dev.pgdrill.workflows.ActivityProfiles;
import dev.pgdrill.workflows.Failures;
import dev.pgdrill.workflows.activities.NotificationActivities;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends a notice through the channels a run's routing names, each as its own activity with its own retries,
 * all at once: one failing channel never delays or blocks another, and a channel that fails for good is an
 * outcome, never a failure of the backup, drill or restore that sent it. Workflow code only.
 */
public final class Notifier {
    private final AlertRouting routing;

    public Notifier(AlertRouting routing) {
        this.routing = AlertRouting.orNone(routing);
    }

    public AlertRouting routing() {
        return routing;
    }

    /** Through the channels whose {@code minSeverity} the notice meets. */
    public List<DeliveryOutcome> send(Notification n) {
        return deliver(routing.channelsFor(n.severity()), n);
    }

    /** Through every configured channel, whatever its {@code minSeverity} ({@code pgdrill alerts test}). */
    public List<DeliveryOutcome> sendToAll(Notification n) {
        return deliver(routing.channels().stream().map(ChannelRoute::channel).toList(), n);
    }

    private List<DeliveryOutcome> deliver(List<Channel> channels, Notification n) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        List<Promise<DeliveryOutcome>> sent = new ArrayList<>();
        for (Channel c : channels) {
            NotificationActivities stub = Workflow.newActivityStub(
                    NotificationActivities.class,
                    ActivityProfiles.summarized(ActivityProfiles.NOTIFY, c.key() + ": " + n.title()));
            sent.add(Async.function(stub::deliver, new Delivery(c, n, workflowId)));
        }
        List<DeliveryOutcome> out = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            try {
                out.add(sent.get(i).get());
            } catch (ActivityFailure e) {
                if (e.getCause() instanceof CanceledFailure) {
                    throw e;
                }
                out.add(new DeliveryOutcome(channels.get(i), false, Failures.rootMessage(e)));
            }
        }
        return out;
    }
}
