package dev.pgdrill.core.temporal;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * gRPC (under the Temporal client) logs through java.util.logging, which by default prints multi-line
 * stack traces to stderr for something as ordinary as an unresolvable host. Route it to SLF4J so the
 * CLI's and worker's logback levels decide.
 */
public final class JulBridge {
    private JulBridge() {}

    public static void install() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
