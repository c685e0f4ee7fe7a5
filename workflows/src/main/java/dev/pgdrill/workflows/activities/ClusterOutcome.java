package dev.pgdrill.workflows.activities;

import dev.pgdrill.workflows.verify.CheckResult;
import java.util.List;

/**
 * A physical restore into an ephemeral cluster.
 *
 * @param restoreMs wall time of {@code pgbackrest restore} plus recovery until the cluster accepts
 *                  connections, promoted: the measured RTO
 * @param checks    {@code restore} and {@code cluster_starts}; a FAIL means the cluster is not usable
 */
public record ClusterOutcome(long restoreMs, List<CheckResult> checks) {}
