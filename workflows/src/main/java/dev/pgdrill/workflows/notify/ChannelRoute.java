package dev.pgdrill.workflows.notify;

/** A configured channel and the least severity it takes ({@code alerts.<channel>.minSeverity}). */
public record ChannelRoute(Channel channel, Severity minSeverity) {}
