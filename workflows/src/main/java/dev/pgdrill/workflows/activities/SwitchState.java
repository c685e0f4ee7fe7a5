package dev.pgdrill.workflows.activities;

/**
 * Where a production switch stands, as the server's markers say (the switch activities read it there, never
 * from memory): what each of them returns is the state it left the server in.
 */
public enum SwitchState {
    /** Nothing switched: production is the database it was, open; the side database is as prepared. */
    PREPARED,
    /** The replacement holds production's name and takes connections; the old production is set aside, kept. */
    SWITCHED,
    /** A switch that was verified and committed: it is never undone by pgdrill. */
    COMMITTED,
    /** A switch undone: production is the database it was, open; the replacement is set aside, kept. */
    SWITCHED_BACK
}
