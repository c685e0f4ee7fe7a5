package dev.pgdrill.core.config;

import java.util.Collection;

/**
 * A profile name that the configuration does not define: a typo on the command line, or a request made
 * under an older configuration. The one place its message is written.
 */
public final class UnknownProfileException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String profile;

    public UnknownProfileException(String profile, Collection<String> configured) {
        super("unknown database profile '" + profile + "' (configured: " + String.join(", ", configured) + ")");
        this.profile = profile;
    }

    public String profile() {
        return profile;
    }
}
