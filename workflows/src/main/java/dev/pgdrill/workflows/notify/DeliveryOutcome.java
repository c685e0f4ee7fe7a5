package dev.pgdrill.workflows.notify;

/**
 * How one channel took one notice, after its retries.
 *
 * @param detail what the channel answered ({@code HTTP 200}, {@code 250 OK}) or why it failed; never a URL
 *               or a credential
 */
public record DeliveryOutcome(Channel channel, boolean delivered, String detail) {}
