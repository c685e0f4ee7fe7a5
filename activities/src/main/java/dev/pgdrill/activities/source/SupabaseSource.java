package dev.pgdrill.activities.source;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A Supabase project's backups, listed by the Management API. One API client per project, so its rate-limit
 * budget (per project and endpoint) is shared by every activity of this worker that asks.
 */
public final class SupabaseSource implements BackupSource {
    private final PgdrillConfig config;
    private final Function<SourceConfig.Supabase, SupabaseApi> clients;
    private final Map<String, SupabaseApi> byProject = new ConcurrentHashMap<>();

    public SupabaseSource(PgdrillConfig config) {
        this(config, SupabaseApi::of);
    }

    SupabaseSource(PgdrillConfig config, Function<SourceConfig.Supabase, SupabaseApi> clients) {
        this.config = config;
        this.clients = clients;
    }

    @Override
    public String kind() {
        return "supabase";
    }

    @Override
    public List<SourceBackup> list(String profile) throws ActivityException {
        SourceConfig.Supabase s = supabase(profile);
        SupabaseApi api = byProject.computeIfAbsent(s.projectRef() + " " + s.apiUrl(), k -> clients.apply(s));
        try {
            return SupabaseBackupList.read(profile, s.projectRef(), api.listBackups());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ActivityException(
                    FailureType.INTERRUPTED, "interrupted while listing the backups of '" + profile + "'", true, e);
        }
    }

    private SourceConfig.Supabase supabase(String profile) throws ActivityException {
        if (config.source(profile) instanceof SourceConfig.Supabase s) {
            return s;
        }
        throw ActivityException.permanent(
                FailureType.CONFIGURATION,
                "unable to list the backups of '" + profile + "' from Supabase: its source is "
                        + config.source(profile).kind());
    }
}
