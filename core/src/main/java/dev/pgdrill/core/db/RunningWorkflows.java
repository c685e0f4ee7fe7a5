package dev.pgdrill.core.db;

/**
 * Whether a workflow has a running execution. {@link Leftovers} asks it about the owner a database's marker
 * names before it lists or drops the database; the CLI answers from Temporal, so core holds no Temporal client.
 */
@FunctionalInterface
public interface RunningWorkflows {
    /**
     * True while {@code workflowId} has an open run; false once it closed, or when Temporal never heard of it.
     *
     * @throws StateUnknownException when it cannot tell (Temporal unreachable, say): nothing may be dropped then
     */
    boolean running(String workflowId) throws StateUnknownException;

    /** Whether a workflow is running could not be found out; the message says what was asked where, and why not. */
    final class StateUnknownException extends Exception {
        private static final long serialVersionUID = 1L;

        public StateUnknownException(String message) {
            super(message);
        }
    }
}
