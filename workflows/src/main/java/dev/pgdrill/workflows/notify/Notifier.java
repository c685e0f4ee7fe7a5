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
    private final List<Sending> pending = new ArrayList<>();

    public Notifier(AlertRouting routing) {
        this.routing = AlertRouting.orNone(routing);
    }

    public AlertRouting routing() {
        return routing;
    }

    /** Through the channels whose {@code minSeverity} the notice meets; waits for every channel's outcome. */
    public List<DeliveryOutcome> send(Notification n) {
        return outcomes(start(routing.channelsFor(n.severity()), n), false);
    }

    /** Through every configured channel, whatever its {@code minSeverity} ({@code pgdrill alerts test}). */
    public List<DeliveryOutcome> sendToAll(Notification n) {
        return outcomes(
                start(routing.channels().stream().map(ChannelRoute::channel).toList(), n), false);
    }

    /**
     * Starts the notice's deliveries and returns at once, so a channel retrying for a minute holds up nothing;
     * {@link #drain} waits for them before the run ends (an activity still running when its workflow closes
     * is not retried).
     */
    public void post(Notification n) {
        pending.addAll(start(routing.channelsFor(n.severity()), n));
    }

    /**
     * Waits for every posted notice's deliveries; returns their outcomes. A posted notice the run's cancellation
     * cancelled is an outcome too: draining runs while a cancelled run records how it ended, which must go on.
     */
    public List<DeliveryOutcome> drain() {
        List<Sending> all = List.copyOf(pending);
        pending.clear();
        return outcomes(all, true);
    }

    private record Sending(Channel channel, Promise<DeliveryOutcome> promise) {}

    private List<Sending> start(List<Channel> channels, Notification n) {
        String workflowId = Workflow.getInfo().getWorkflowId();
        List<Sending> sent = new ArrayList<>();
        for (Channel c : channels) {
            NotificationActivities stub = Workflow.newActivityStub(
                    NotificationActivities.class,
                    ActivityProfiles.summarized(ActivityProfiles.NOTIFY, c.key() + ": " + n.title()));
            sent.add(new Sending(c, Async.function(stub::deliver, new Delivery(c, n, workflowId))));
        }
        return sent;
    }

    private static List<DeliveryOutcome> outcomes(List<Sending> sent, boolean cancelledIsAnOutcome) {
        List<DeliveryOutcome> out = new ArrayList<>();
        for (Sending s : sent) {
            try {
                out.add(s.promise().get());
            } catch (ActivityFailure e) {
                if (e.getCause() instanceof CanceledFailure && !cancelledIsAnOutcome) {
                    throw e;
                }
                out.add(new DeliveryOutcome(s.channel(), false, Failures.rootMessage(e)));
            }
        }
        return out;
    }
}
