package dev.pgdrill.workflows.notify;

/**
 * One notice through one channel: the activity's request.
 *
 * @param workflowId the run that sends it, recorded with every delivery attempt
 */
public record Delivery(Channel channel, Notification notification, String workflowId) {}
