package dev.pgdrill.activities.source;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.workflows.FailureType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The backup sources this worker knows, by kind; a profile's {@code source.kind} picks one. */
public final class BackupSources {
    private final PgdrillConfig config;
    private final Map<String, BackupSource> byKind = new LinkedHashMap<>();

    public BackupSources(PgdrillConfig config, List<BackupSource> sources) {
        this.config = config;
        sources.forEach(s -> byKind.put(s.kind(), s));
    }

    /** The sources every worker has: pgdrill's own pg_dump repository, Supabase's Management API. */
    public static BackupSources standard(PgdrillConfig config) {
        return new BackupSources(config, List.of(new PgDumpListing(config), new SupabaseSource(config)));
    }

    /** The source of {@code profile}; a kind this worker cannot serve is a configuration error. */
    public BackupSource of(String profile) throws ActivityException {
        String kind = config.source(config.profile(profile).name()).kind();
        BackupSource s = byKind.get(kind);
        if (s == null) {
            throw ActivityException.permanent(
                    FailureType.CONFIGURATION,
                    "unable to use the backup source of '" + profile + "': this worker has no " + kind
                            + " source (it knows " + String.join(", ", byKind.keySet()) + ")");
        }
        return s;
    }
}
