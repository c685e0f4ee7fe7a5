package dev.pgdrill.core.config;

import io.temporal.envconfig.ClientConfigProfile;
import io.temporal.envconfig.ClientConfigTLS;
import io.temporal.envconfig.LoadClientConfigProfileOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code temporal:} section. What it leaves unset comes from Temporal's own environment configuration
 * (the variables and the temporal.toml profile every Temporal tool reads), so the Temporal CLI's settings for
 * a cluster, Temporal Cloud included, work here unchanged; then the local dev server's defaults.
 */
final class TemporalSection {
    private static final Pattern HOST_PORT = Pattern.compile("[A-Za-z0-9.\\-\\[\\]:]+:\\d{1,5}");
    /** The variables Temporal's environment configuration reads (and picks the temporal.toml profile by). */
    private static final List<String> TEMPORAL_ENV = List.of(
            "TEMPORAL_ADDRESS",
            "TEMPORAL_NAMESPACE",
            "TEMPORAL_API_KEY",
            "TEMPORAL_PROFILE",
            "TEMPORAL_CONFIG_FILE",
            "TEMPORAL_TLS",
            "TEMPORAL_TLS_CLIENT_CERT_PATH",
            "TEMPORAL_TLS_CLIENT_KEY_PATH",
            "TEMPORAL_TLS_SERVER_CA_CERT_PATH",
            "TEMPORAL_TLS_SERVER_NAME",
            "HOME",
            "XDG_CONFIG_HOME");

    private TemporalSection() {}

    static PgdrillConfig.Temporal temporal(YamlObject top, YamlFields f, Function<String, String> env, Path baseDir) {
        Optional<YamlObject> t = top.object("temporal", "address", "namespace", "taskQueue", "apiKey", "tls", "uiUrl");
        ClientConfigProfile profile = profile(f, env);
        String address = t.flatMap(o -> o.optString("address"))
                .orElseGet(() -> nonEmpty(profile.getAddress()).orElse("127.0.0.1:7233"));
        if (!HOST_PORT.matcher(address).matches()) {
            f.problem("temporal.address", "expected host:port such as 127.0.0.1:7233, got \"" + address + "\"");
        }
        String namespace = t.flatMap(o -> o.optString("namespace"))
                .orElseGet(() -> nonEmpty(profile.getNamespace()).orElse("default"));
        Optional<Secret> apiKey = t.flatMap(o -> o.secret("apiKey"))
                .or(() -> nonEmpty(profile.getApiKey()).map(k -> new Secret("TEMPORAL_API_KEY", k)));
        Optional<PgdrillConfig.Tls> tls = t.flatMap(
                        o -> o.object("tls", "serverCa", "clientCert", "clientKey", "serverName"))
                .map(o -> tls(f, o, baseDir))
                .or(() -> fromProfile(profile.getTls()));
        String uiUrl = t.map(o -> o.string("uiUrl", "")).orElse("");
        if (!uiUrl.isEmpty() && !uiUrl.matches("https?://.+")) {
            f.problem(
                    "temporal.uiUrl",
                    "expected an http:// or https:// URL such as http://127.0.0.1:8233, got \"" + uiUrl + "\"");
        }
        return new PgdrillConfig.Temporal(
                address, namespace, t.map(o -> o.string("taskQueue", "pgdrill")).orElse("pgdrill"), apiKey, tls, uiUrl);
    }

    private static PgdrillConfig.Tls tls(YamlFields f, YamlObject o, Path baseDir) {
        Optional<Path> ca = file(f, o, "serverCa", baseDir);
        Optional<Path> cert = file(f, o, "clientCert", baseDir);
        Optional<Path> key = file(f, o, "clientKey", baseDir);
        if (cert.isPresent() != key.isPresent()) {
            f.problem(
                    o.at(cert.isPresent() ? "clientKey" : "clientCert"),
                    "mTLS needs both clientCert and clientKey (PEM; the key in PKCS#8)");
        }
        return new PgdrillConfig.Tls(ca, cert, key, o.string("serverName", ""));
    }

    /** A file the worker and the CLI must read at start: checked now, so a typo is a config error. */
    private static Optional<Path> file(YamlFields f, YamlObject o, String key, Path baseDir) {
        Optional<Path> p = o.path(key).map(x -> baseDir.resolve(x).normalize());
        p.filter(x -> !Files.isReadable(x)).ifPresent(x -> f.problem(o.at(key), "cannot read " + x));
        return p;
    }

    /** Temporal's environment configuration, read through the loader's environment (tests give their own). */
    private static ClientConfigProfile profile(YamlFields f, Function<String, String> env) {
        Map<String, String> vars = new LinkedHashMap<>();
        TEMPORAL_ENV.forEach(name -> {
            String v = env.apply(name);
            if (v != null) {
                vars.put(name, v);
            }
        });
        try {
            return ClientConfigProfile.load(LoadClientConfigProfileOptions.newBuilder()
                    .setEnvOverrides(vars)
                    .build());
        } catch (IOException | RuntimeException e) {
            f.problem(
                    "temporal",
                    "unable to read Temporal's environment configuration (temporal.toml, TEMPORAL_*): "
                            + e.getMessage());
            return ClientConfigProfile.getDefaultInstance();
        }
    }

    private static Optional<PgdrillConfig.Tls> fromProfile(ClientConfigTLS tls) {
        if (tls == null || Boolean.TRUE.equals(tls.isDisabled())) {
            return Optional.empty();
        }
        return Optional.of(new PgdrillConfig.Tls(
                nonEmpty(tls.getServerCACertPath()).map(Path::of),
                nonEmpty(tls.getClientCertPath()).map(Path::of),
                nonEmpty(tls.getClientKeyPath()).map(Path::of),
                nonEmpty(tls.getServerName()).orElse("")));
    }

    private static Optional<String> nonEmpty(String s) {
        return s == null || s.isEmpty() ? Optional.empty() : Optional.of(s);
    }
}
