package dev.pgdrill.testing;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests a {@link PostgresCluster}: one per test JVM, started on first use and stopped (and its
 * directory removed) when JUnit closes the root store at the end of the run, pass or fail.
 */
public final class PostgresExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        return pc.getParameter().getType() == PostgresCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        return cluster(ec);
    }

    public static PostgresCluster cluster(ExtensionContext ec) {
        return ec.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        PostgresCluster.class.getName(), k -> new Resource(PostgresCluster.start()), Resource.class)
                .cluster();
    }

    record Resource(PostgresCluster cluster) implements AutoCloseable { // JUnit closes AutoCloseable store values
        @Override
        public void close() {
            cluster.close();
        }
    }
}
