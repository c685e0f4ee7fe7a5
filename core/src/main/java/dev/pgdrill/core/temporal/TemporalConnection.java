package dev.pgdrill.core.temporal;

import com.uber.m3.tally.Scope;
import dev.pgdrill.core.config.PgdrillConfig;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.SimpleSslContextBuilder;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;

/**
 * One gRPC connection to Temporal from the configuration, shared by the worker and the CLI: plaintext to a
 * dev server, or TLS (a private CA, mTLS with a client certificate) and an API key for Temporal Cloud or any
 * TLS cluster. Workflow code never touches it.
 */
public final class TemporalConnection implements AutoCloseable {
    private final PgdrillConfig.Temporal config;
    private final WorkflowServiceStubs stubs;
    /**
     * The connection's own network thread, stopped in {@link #close()}. gRPC's shared one outlives the channel by
     * a second, and a JVM that exits while any thread waits in native code (epoll) waits 300 ms for it: every CLI
     * command that spoke to Temporal paid that on exit.
     */
    private final EventLoopGroup network = new NioEventLoopGroup(1, new DefaultThreadFactory("pgdrill-temporal", true));

    private OperatorServiceStubs operator;

    public TemporalConnection(PgdrillConfig.Temporal config) {
        this(config, null);
    }

    /**
     * @param metrics where the SDK reports its own metrics (the worker's, into its Prometheus registry), or null
     *                for none
     */
    public TemporalConnection(PgdrillConfig.Temporal config, Scope metrics) {
        this.config = config;
        // Lazy: nothing is dialled until the first call, so callers decide their own deadlines.
        this.stubs = WorkflowServiceStubs.newServiceStubs(options(config, metrics, network));
    }

    static WorkflowServiceStubsOptions options(PgdrillConfig.Temporal config, Scope metrics, EventLoopGroup network) {
        WorkflowServiceStubsOptions.Builder b =
                WorkflowServiceStubsOptions.newBuilder().setTarget(config.address());
        if (metrics != null) {
            b.setMetricsScope(metrics);
        }
        String authority = config.tls().map(PgdrillConfig.Tls::serverName).orElse("");
        b.setChannelInitializer(channel -> {
            if (channel instanceof NettyChannelBuilder netty) {
                netty.eventLoopGroup(network).channelType(NioSocketChannel.class);
            }
            if (!authority.isEmpty()) {
                channel.overrideAuthority(authority);
            }
        });
        config.tls().ifPresent(tls -> b.setSslContext(sslContext(tls)));
        // The key is read when a call is made, never logged: AuthorizationTokenSupplier adds the bearer header.
        config.apiKey().ifPresent(key -> b.addApiKey(key::reveal));
        return b.build();
    }

    /** TLS with the configured CA (else the JVM's trust store) and, for mTLS, the client certificate and key. */
    private static SslContext sslContext(PgdrillConfig.Tls tls) {
        try {
            SimpleSslContextBuilder keys;
            if (tls.clientCert().isPresent() && tls.clientKey().isPresent()) {
                try (InputStream cert = Files.newInputStream(tls.clientCert().get());
                        InputStream key = Files.newInputStream(tls.clientKey().get())) {
                    keys = SimpleSslContextBuilder.forPKCS8(cert, key);
                    return trust(keys.configure(GrpcSslContexts.forClient()), tls)
                            .build();
                }
            }
            keys = SimpleSslContextBuilder.noKeyOrCertChain();
            return trust(keys.configure(GrpcSslContexts.forClient()), tls).build();
        } catch (IOException e) {
            throw new IllegalArgumentException("unable to set up TLS to Temporal: " + e.getMessage(), e);
        }
    }

    private static SslContextBuilder trust(SslContextBuilder b, PgdrillConfig.Tls tls) {
        return tls.serverCa().map(ca -> b.trustManager(ca.toFile())).orElse(b);
    }

    public PgdrillConfig.Temporal config() {
        return config;
    }

    public WorkflowServiceStubs stubs() {
        return stubs;
    }

    public synchronized OperatorServiceStubs operator() {
        if (operator == null) {
            operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                    .setChannel(stubs.getRawChannel())
                    .validateAndBuildWithDefaults());
        }
        return operator;
    }

    public WorkflowClient client() {
        return WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .build());
    }

    /** Temporal's schedules in the configured namespace. */
    public ScheduleClient schedules() {
        return ScheduleClient.newInstance(
                stubs,
                ScheduleClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .build());
    }

    @Override
    public void close() {
        if (operator != null) {
            operator.shutdown();
        }
        stubs.shutdown();
        stubs.awaitTermination(5, TimeUnit.SECONDS);
        network.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
