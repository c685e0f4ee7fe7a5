package dev.pgdrill.e2e;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/** One Temporal dev server per test JVM, closed with JUnit's root store at the end of the run. */
public final class TemporalExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == TemporalDevServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        return ec.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        TemporalDevServer.class.getName(), k -> new Resource(startServer()), Resource.class)
                .server();
    }

    private static TemporalDevServer startServer() {
        try {
            return TemporalDevServer.start();
        } catch (Exception e) {
            throw new IllegalStateException("unable to start the Temporal dev server: " + e.getMessage(), e);
        }
    }

    record Resource(TemporalDevServer server) implements AutoCloseable { // JUnit closes AutoCloseable store values
        @Override
        public void close() {
            server.close();
        }
    }
}
