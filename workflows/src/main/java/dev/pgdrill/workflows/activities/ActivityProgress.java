package dev.pgdrill.workflows.activities;

/**
 * What a long activity heartbeats: its phase and how far it got. The Temporal UI shows it on the pending
 * activity, and the CLI's progress view reads it from there.
 *
 * @param phase {@code dump}, {@code manifest}, {@code seal}, {@code restore}, {@code checksums}, {@code verify}…
 * @param done  bytes or items done so far
 * @param total bytes or items in all, 0 when unknown
 */
public record ActivityProgress(String phase, long done, long total) {}
