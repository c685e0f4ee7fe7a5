package dev.pgdrill.activities.restore;

/**
 * The server is in a state this switch did not make (another restore's markers, a committed switch asked to
 * go back, production missing): retrying cannot help, an operator decides. Nothing was changed.
 */
public final class SwitchStateException extends Exception {
    private static final long serialVersionUID = 1L;

    public SwitchStateException(String message) {
        super(message);
    }
}
