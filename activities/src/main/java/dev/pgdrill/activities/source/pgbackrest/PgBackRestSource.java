package dev.pgdrill.activities.source.pgbackrest;

import dev.pgdrill.activities.ActivityException;
import dev.pgdrill.activities.ProgressListener;
import dev.pgdrill.activities.ServerPrograms;
import dev.pgdrill.activities.source.BackupSource;
import dev.pgdrill.core.config.PgdrillConfig;
import dev.pgdrill.core.config.SourceConfig;
import dev.pgdrill.workflows.FailureType;
import dev.pgdrill.workflows.activities.SourceBackup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/** A pgBackRest stanza as a backup source: its sets, as {@code pgbackrest info --output=json} lists them. */
public final class PgBackRestSource implements BackupSource {
    public static final String KIND = "pgbackrest";
    /** info reads two small files per repository: minutes mean an unreachable object store. */
    private static final Duration INFO_TIMEOUT = Duration.ofMinutes(5);

    private final PgdrillConfig config;

    public PgBackRestSource(PgdrillConfig config) {
        this.config = config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public List<SourceBackup> list(String profile) throws ActivityException {
        return sets(profile).stream().map(PgBackRestInfo.BackupSet::listing).toList();
    }

    /** The stanza's sets with their WAL ranges, newest first. */
    public List<PgBackRestInfo.BackupSet> sets(String profile) throws ActivityException {
        PgBackRestCommand pgbackrest = command(profile);
        ServerPrograms.Result r;
        try {
            r = pgbackrest.run("info", List.of("--output=json"), INFO_TIMEOUT, ProgressListener.NONE);
        } catch (IOException e) {
            throw new ActivityException(
                    FailureType.TOOL,
                    "unable to run pgbackrest info for '" + profile + "': " + e.getMessage(),
                    true,
                    e);
        }
        if (!r.ok()) {
            throw new ActivityException(
                    FailureType.TOOL,
                    "unable to list the backups of '" + profile + "': pgbackrest info exited " + r.exit() + ": "
                            + r.why(),
                    r.exit() == -1,
                    null);
        }
        return PgBackRestInfo.parse(r.output(), profile, pgbackrest.source().stanza());
    }

    /** The pgbackrest command of {@code profile}, whose source must be a stanza. */
    public PgBackRestCommand command(String profile) throws ActivityException {
        SourceConfig s = config.source(config.profile(profile).name());
        if (s instanceof SourceConfig.PgBackRest p) {
            return new PgBackRestCommand(p);
        }
        throw ActivityException.permanent(
                FailureType.CONFIGURATION,
                "unable to use pgBackRest for '" + profile + "': its source is " + s.kind() + " (databases." + profile
                        + ".source.kind: pgbackrest is needed)");
    }
}
