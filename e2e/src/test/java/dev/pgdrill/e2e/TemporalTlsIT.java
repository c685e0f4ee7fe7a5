package dev.pgdrill.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pgdrill.testing.PostgresCluster;
import dev.pgdrill.testing.PostgresExtension;
import dev.pgdrill.testing.SampleData;
import dev.pgdrill.testing.TestConfigs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Temporal behind TLS, for real: Debian's nginx terminates TLS (and, on a second port, requires a client
 * certificate) in front of the dev server, with a CA this test makes with openssl. The CLI and the worker
 * work through it when the TLS settings are given, and fail with a clear error, not a stack trace, when the
 * CA is wrong or the client certificate is missing.
 */
@ExtendWith({PostgresExtension.class, TemporalExtension.class})
class TemporalTlsIT {
    private final PostgresCluster pg;
    private final TemporalDevServer temporal;
    private final Pgdrill pgdrill = new Pgdrill(TestConfigs.env());

    @TempDir
    Path dir;

    private Process nginx;
    private int tlsPort;
    private int mtlsPort;

    TemporalTlsIT(PostgresCluster pg, TemporalDevServer temporal) {
        this.pg = pg;
        this.temporal = temporal;
    }

    @BeforeEach
    void startProxy() throws Exception {
        certificates();
        tlsPort = freePort();
        mtlsPort = freePort();
        Files.createDirectories(dir.resolve("nginx/tmp"));
        String proxy = "location / { grpc_pass grpc://" + temporal.address() + "; grpc_read_timeout 300s;"
                + " grpc_send_timeout 300s; }";
        String tls = "ssl_certificate " + dir.resolve("server.crt") + "; ssl_certificate_key "
                + dir.resolve("server.key") + ";";
        Files.writeString(
                dir.resolve("nginx/nginx.conf"),
                "daemon off; pid " + dir.resolve("nginx/nginx.pid")
                        + "; error_log " + dir.resolve("nginx/error.log") + ";\nevents {}\nhttp {\n access_log off;\n"
                        + " client_body_temp_path " + dir.resolve("nginx/tmp") + ";\n"
                        + " server { listen 127.0.0.1:" + tlsPort + " ssl http2; " + tls + " " + proxy + " }\n"
                        + " server { listen 127.0.0.1:" + mtlsPort + " ssl http2; " + tls + " ssl_client_certificate "
                        + dir.resolve("ca.crt") + "; ssl_verify_client on; " + proxy + " }\n}\n");
        String bin = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        nginx = new ProcessBuilder(
                        bin,
                        "-p",
                        dir.resolve("nginx").toString(),
                        "-c",
                        dir.resolve("nginx/nginx.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("nginx/out.log").toFile())
                .start();
        awaitListening(tlsPort);
        awaitListening(mtlsPort);
        SampleData.createSampleApp(pg, "app");
        pg.createDatabase("pgdrill_catalog");
    }

    @AfterEach
    void stopProxy() throws InterruptedException {
        if (nginx != null) {
            nginx.destroy();
            nginx.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private String config(String name, int port, String tls) throws IOException {
        Path sub = Files.createDirectories(dir.resolve(name));
        String yaml = TestConfigs.yaml(pg, Files.createDirectories(sub.resolve("repo")), "127.0.0.1:" + port)
                .replace("taskQueue: pgdrill }", "taskQueue: pgdrill-tls, tls: { " + tls + " } }");
        assertThat(yaml).contains("tls: {");
        return TestConfigs.write(yaml, sub).toString();
    }

    @Test
    void theCliAndTheWorkerWorkThroughTlsAndRefuseAWrongCaClearly() throws Exception {
        String good = config("good", tlsPort, "serverCa: \"" + dir.resolve("ca.crt") + "\"");
        Pgdrill.Result doctor = pgdrill.cli("doctor", "--config", good, "--migrate");
        assertThat(doctor.stdout()).contains("ok    temporal");
        try (Pgdrill.WorkerProcess worker = pgdrill.worker(dir.resolve("worker.log"), "--config", good)) {
            worker.awaitLog(l -> l.contains("serving task queue 'pgdrill-tls'"), Duration.ofSeconds(60));
            Pgdrill.Result backup = pgdrill.cli("backup", "run", "--config", good, "--wait");
            assertThat(backup.exitCode()).as(backup.all()).isZero();
            assertThat(backup.stdout()).contains("COMPLETED");
        }

        String wrongCa = config("wrong", tlsPort, "serverCa: \"" + dir.resolve("other-ca.crt") + "\"");
        Pgdrill.Result refused = pgdrill.cli("schedules", "list", "--config", wrongCa);
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(3);
        assertThat(refused.stderr())
                .contains("unable to")
                .contains("127.0.0.1:" + tlsPort)
                .doesNotContain("\tat ");

        Pgdrill.Result plaintext = pgdrill.cli("schedules", "list", "--config", config("plain", tlsPort, ""));
        assertThat(plaintext.exitCode())
                .as("the CA is the JVM's when none is given: a private CA is refused")
                .isEqualTo(3);
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        String withCert = config(
                "mtls",
                mtlsPort,
                "serverCa: \"" + dir.resolve("ca.crt") + "\", clientCert: \"" + dir.resolve("client.crt")
                        + "\", clientKey: \"" + dir.resolve("client.pk8") + "\"");
        Pgdrill.Result ok = pgdrill.cli("schedules", "list", "--config", withCert);
        assertThat(ok.exitCode()).as(ok.all()).isZero();

        String withoutCert = config("nocert", mtlsPort, "serverCa: \"" + dir.resolve("ca.crt") + "\"");
        Pgdrill.Result refused = pgdrill.cli("schedules", "list", "--config", withoutCert);
        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(3);
        assertThat(refused.stderr()).contains("unable to").doesNotContain("\tat ");
    }

    /** A CA, a server certificate for 127.0.0.1 signed by it, a client certificate, and an unrelated CA. */
    private void certificates() throws Exception {
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=pgdrill test CA",
                "-keyout",
                "ca.key",
                "-out",
                "ca.crt");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                "/CN=another CA",
                "-keyout",
                "other-ca.key",
                "-out",
                "other-ca.crt");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
        signed("server", "127.0.0.1", "san.ext");
        Files.writeString(dir.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        signed("client", "pgdrill-worker", "client.ext");
        openssl("pkcs8", "-topk8", "-nocrypt", "-in", "client.key", "-out", "client.pk8");
    }

    private void signed(String name, String cn, String ext) throws Exception {
        openssl(
                "req",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-subj",
                "/CN=" + cn,
                "-keyout",
                name + ".key",
                "-out",
                name + ".csr");
        openssl(
                "x509",
                "-req",
                "-in",
                name + ".csr",
                "-CA",
                "ca.crt",
                "-CAkey",
                "ca.key",
                "-CAcreateserial",
                "-days",
                "2",
                "-extfile",
                ext,
                "-out",
                name + ".crt");
    }

    private void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor()).as(String.join(" ", cmd) + "\n" + out).isZero();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private void awaitListening(int port) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError(
                "nginx did not listen on " + port + ": " + Files.readString(dir.resolve("nginx/out.log")));
    }
}
