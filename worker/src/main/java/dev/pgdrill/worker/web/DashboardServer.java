package dev.pgdrill.worker.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.pgdrill.core.Json;
import dev.pgdrill.core.config.Secret;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's HTTP endpoints: {@code /} (the dashboard page), {@code /api/status} (its JSON), {@code /metrics}
 * (Prometheus text format) and {@code /healthz}. With a token, every request but /healthz carries it, as
 * {@code Authorization: Bearer <token>} (Prometheus, scripts) or as the password of HTTP Basic (a browser asks).
 */
public final class DashboardServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DashboardServer.class);
    static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService threads;
    private final StatusSnapshot snapshot;
    private final PrometheusMeterRegistry registry;
    private final Optional<Secret> token;

    private DashboardServer(
            InetSocketAddress address,
            StatusSnapshot snapshot,
            PrometheusMeterRegistry registry,
            Optional<Secret> token)
            throws IOException {
        this.snapshot = snapshot;
        this.registry = registry;
        this.token = token;
        this.server = HttpServer.create(address, 16);
        this.threads = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "pgdrill-dashboard");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(threads);
        server.createContext("/", guarded(this::route));
    }

    /** Serves on {@code listen} (host:port; port 0 picks one) until closed. */
    public static DashboardServer start(
            String listen, StatusSnapshot snapshot, PrometheusMeterRegistry registry, Optional<Secret> token)
            throws IOException {
        int colon = listen.lastIndexOf(':');
        String host = listen.substring(0, colon).replace("[", "").replace("]", "");
        DashboardServer s = new DashboardServer(
                new InetSocketAddress(host, Integer.parseInt(listen.substring(colon + 1))), snapshot, registry, token);
        s.server.start();
        return s;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private void route(HttpExchange x) throws IOException {
        String path = x.getRequestURI().getPath();
        switch (path) {
            case "/healthz" -> send(x, 200, "text/plain; charset=utf-8", "ok\n");
            case "/metrics" -> send(x, 200, PROMETHEUS_TEXT, registry.scrape());
            case "/api/status" -> {
                try {
                    send(x, 200, "application/json", Json.MAPPER.writeValueAsString(snapshot.current()));
                } catch (RuntimeException e) {
                    send(x, 503, "application/json", Json.MAPPER.writeValueAsString(Map.of("error", e.getMessage())));
                }
            }
            case "/" -> {
                try {
                    send(x, 200, "text/html; charset=utf-8", DashboardPage.render(snapshot.current()));
                } catch (RuntimeException e) {
                    send(x, 503, "text/plain; charset=utf-8", "the dashboard is unavailable: " + e.getMessage() + "\n");
                }
            }
            default -> send(x, 404, "text/plain; charset=utf-8", "not found\n");
        }
    }

    /** Only GET and HEAD; the token checked (but for /healthz); anything thrown logged, not shown. */
    private HttpHandler guarded(HttpHandler next) {
        return x -> {
            try (x) {
                String method = x.getRequestMethod();
                if (!method.equals("GET") && !method.equals("HEAD")) {
                    x.getResponseHeaders().set("Allow", "GET, HEAD");
                    send(x, 405, "text/plain; charset=utf-8", "method not allowed\n");
                } else if (!x.getRequestURI().getPath().equals("/healthz") && !authorized(x)) {
                    x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"pgdrill\", charset=\"UTF-8\"");
                    x.getResponseHeaders().add("WWW-Authenticate", "Bearer realm=\"pgdrill\"");
                    send(x, 401, "text/plain; charset=utf-8", "a bearer token is required (dashboard.token)\n");
                } else {
                    next.handle(x);
                }
            } catch (IOException | RuntimeException e) {
                log.warn("dashboard request {} failed: {}", x.getRequestURI().getPath(), e.toString());
            }
        };
    }

    private boolean authorized(HttpExchange x) {
        if (token.isEmpty()) {
            return true;
        }
        String header = Optional.ofNullable(x.getRequestHeaders().getFirst("Authorization"))
                .orElse("");
        String given = "";
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            given = header.substring(7).trim();
        } else if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(
                        Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                given = pair.substring(pair.indexOf(':') + 1);
            } catch (IllegalArgumentException notBase64) {
                return false;
            }
        }
        return MessageDigest.isEqual(
                given.getBytes(StandardCharsets.UTF_8), token.get().reveal().getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange x, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = x.getRequestMethod().equals("HEAD");
        x.sendResponseHeaders(code, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = x.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }
}
