package dev.pgdrill.workflows.progress;

import java.util.List;

/** A workflow's steps in order, and the one running now (empty when none). */
public record Progress(String current, List<Step> steps) {}
