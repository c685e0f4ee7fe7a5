package dev.pgdrill.core.tools;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the PostgreSQL client programs (pg_dump, pg_restore, psql) and reads their versions. */
public final class PgTools {
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)(?:\\.(\\d+))?");

    /** Where Debian and Ubuntu install every PostgreSQL version's programs, in {@code N/bin}. */
    private static final Path DEBIAN_LIB = Path.of("/usr/lib/postgresql");
    /** The program that Debian's postgresql-common links each client program's name on the PATH to. */
    private static final String WRAPPER = "pg_wrapper";

    private final Optional<Path> binDir;
    private final Path debianLib;

    /** @param binDir {@code tools.pgBinDir}, or empty to search the PATH */
    public PgTools(Optional<Path> binDir) {
        this(binDir, DEBIAN_LIB);
    }

    PgTools(Optional<Path> binDir, Path debianLib) {
        this.binDir = binDir;
        this.debianLib = debianLib;
    }

    /** The program's path, or empty when it is not there. */
    public Optional<Path> find(String program) {
        return find(program, System.getenv().getOrDefault("PATH", ""));
    }

    Optional<Path> find(String program, String path) {
        if (binDir.isPresent()) {
            Path p = binDir.get().resolve(program);
            return Files.isExecutable(p) ? Optional.of(p) : Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, program);
                if (Files.isExecutable(p)) {
                    return Optional.of(wrapped(p, program).orElse(p));
                }
            }
        }
        // Debian puts only some client programs on the PATH (pg_amcheck is not); the rest live here.
        return newest(program);
    }

    /**
     * The program Debian's pg_wrapper would start for {@code onPath}, when that is the wrapper: with an explicit
     * host, which every connection pgdrill makes gives, the wrapper runs the newest installed version's program
     * (see pg_wrapper(1)), so pgdrill starts that one itself. The wrapper is a Perl program that takes some 16 ms
     * to choose, at each of a restore's five pg_restore runs and a backup's pg_dump. Runs without a host (reading an
     * archive's table of contents, {@code --version}) get the newest version too, where the wrapper could follow a
     * user's cluster settings: the newest reads any older archive, and preflight names the program that connects.
     */
    private Optional<Path> wrapped(Path onPath, String program) {
        try {
            Path real = onPath.toRealPath();
            return real.getFileName().toString().equals(WRAPPER)
                            && real.getParent() != null
                            && real.getParent().getFileName().toString().equals("postgresql-common")
                    ? newest(program)
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The program in the newest {@code /usr/lib/postgresql/N/bin}, when it is there. */
    private Optional<Path> newest(String program) {
        return serverBinDir().map(d -> d.resolve(program)).filter(Files::isExecutable);
    }

    /** The newest /usr/lib/postgresql/N/bin, where Debian and Ubuntu install every PostgreSQL program. */
    private Optional<Path> serverBinDir() {
        Path lib = debianLib;
        if (!Files.isDirectory(lib)) {
            return Optional.empty();
        }
        try (var versions = Files.list(lib)) {
            return versions.filter(v -> v.getFileName().toString().matches("\\d+"))
                    .max(Comparator.comparingInt(
                            v -> Integer.parseInt(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where the programs were looked for, for error messages. */
    public String searched() {
        return binDir.map(d -> "tools.pgBinDir " + d).orElse("the PATH or /usr/lib/postgresql/<version>/bin");
    }

    /** The major version {@code program --version} reports. */
    public ToolVersion version(Path program) throws IOException {
        Process p = ChildEnvironment.processBuilder(List.of(program.toString(), "--version"), Map.of())
                .redirectErrorStream(true)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(program + " --version failed: " + out);
            }
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new IOException("unable to read the version of " + program + " from: " + out);
            }
            return new ToolVersion(program, Integer.parseInt(m.group(1)), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking " + program + " for its version", e);
        } finally {
            p.destroy();
        }
    }

    public record ToolVersion(Path program, int major, String text) {}
}
