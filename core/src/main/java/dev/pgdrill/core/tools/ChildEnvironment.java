package dev.pgdrill.core.tools;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The environment of every program pgdrill starts (pg_dump, pg_restore, pg_amcheck, app checks): cleared,
 * then an explicit allow-list. The worker's own environment holds what its configuration references (every
 * profile's password, the backup key) and whatever else the host put there; a child gets the variables of
 * its one database and the few below, never the rest.
 */
public final class ChildEnvironment {
    /**
     * Passed on when set, because without them a program behaves differently from when an operator runs
     * it by hand, and none of them holds a secret: PATH finds the programs an app check calls (psql, its
     * interpreter) and the ones pg_wrapper-style launchers exec; LANG and LC_ALL decide the character set
     * programs read and print text in (names outside ASCII come through intact); TZ the time zone of the
     * times they show and of an app check's local clock.
     */
    public static final List<String> INHERITED = List.of("PATH", "LANG", "LC_ALL", "TZ");

    private ChildEnvironment() {}

    /**
     * A ProcessBuilder for {@code command} whose environment is exactly {@link #INHERITED} (those set in the
     * worker's environment) plus {@code env}: nothing of the worker's environment is inherited otherwise.
     */
    public static ProcessBuilder processBuilder(List<String> command, Map<String, String> env) {
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> childEnv = pb.environment();
        childEnv.clear();
        childEnv.putAll(fromWorker(INHERITED));
        childEnv.putAll(env);
        return pb;
    }

    /** The variables among {@code names} that are set in the worker's environment, with their values. */
    public static Map<String, String> fromWorker(List<String> names) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : names) {
            String value = System.getenv(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }
}
