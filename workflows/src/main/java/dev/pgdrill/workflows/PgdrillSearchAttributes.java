package dev.pgdrill.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/**
 * The custom search attributes pgdrill's workflows set, so operators can filter in the Temporal UI
 * ({@code PgdrillDatabase = "production" AND PgdrillStep = "AWAITING_APPROVAL"}). They must exist in the
 * namespace before a workflow sets them: {@code pgdrill doctor} checks, {@code --migrate} registers.
 */
public final class PgdrillSearchAttributes {
    public static final SearchAttributeKey<String> DATABASE = SearchAttributeKey.forKeyword("PgdrillDatabase");
    public static final SearchAttributeKey<String> BACKUP_ID = SearchAttributeKey.forKeyword("PgdrillBackupId");
    public static final SearchAttributeKey<String> STEP = SearchAttributeKey.forKeyword("PgdrillStep");
    public static final SearchAttributeKey<String> VERDICT = SearchAttributeKey.forKeyword("PgdrillVerdict");

    public static final List<SearchAttributeKey<String>> ALL = List.of(DATABASE, BACKUP_ID, STEP, VERDICT);

    private PgdrillSearchAttributes() {}
}
