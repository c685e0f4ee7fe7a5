package dev.pgdrill.workflows.activities;

/** Undo a switch: the restored database moves aside as {@code failedName}, {@code preRestore} is production again. */
public record SwitchBackRequest(String profile, String preRestore, String failedName, String owner) {}
