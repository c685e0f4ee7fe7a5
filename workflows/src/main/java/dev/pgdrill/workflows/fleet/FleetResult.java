package dev.pgdrill.workflows.fleet;

import java.util.List;

/** The JSON contract of {@code pgdrill backup run --all} and {@code pgdrill drill run --all}. */
public record FleetResult(String fleetId, String kind, List<FleetOutcome> outcomes, int passed, int failed) {}
