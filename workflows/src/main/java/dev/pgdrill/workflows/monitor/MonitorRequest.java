package dev.pgdrill.workflows.monitor;

import dev.pgdrill.workflows.notify.AlertRouting;

/**
 * @param settings the configuration's {@code monitor:} section as it was when the run started
 * @param alerts   where notices go, by severity
 */
public record MonitorRequest(String requestedBy, MonitorSettings settings, AlertRouting alerts) {}
