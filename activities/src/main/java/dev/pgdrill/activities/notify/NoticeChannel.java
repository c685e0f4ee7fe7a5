package dev.pgdrill.activities.notify;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.workflows.notify.Notification;

/** One alert channel. */
interface NoticeChannel {
    /**
     * Sends the notice; returns what the channel answered ({@code HTTP 200}, {@code 250 ...}). Throws a
     * non-retryable {@code NotificationRejected} when the channel refuses it for good, a retryable
     * {@code NotificationFailed} otherwise. No message ever holds the channel's URL or credentials.
     */
    String send(Notification n) throws ActivityException;
}
