package dev.pgdrill.workflows.testing;

import dev.pgdrill.workflows.PgdrillSearchAttributes;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import io.temporal.testing.TestWorkflowExtension;

/** The test server as pgdrill's workflows need it: its search attributes registered, started by the test. */
public final class TestEnvironments {
    private TestEnvironments() {}

    public static TestWorkflowExtension pgdrill() {
        return builder().build();
    }

    private static TestWorkflowExtension.Builder builder() {
        TestWorkflowExtension.Builder b = TestWorkflowExtension.newBuilder().setDoNotStart(true);
        for (SearchAttributeKey<String> key : PgdrillSearchAttributes.ALL) {
            b.registerSearchAttribute(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        return b;
    }
}
