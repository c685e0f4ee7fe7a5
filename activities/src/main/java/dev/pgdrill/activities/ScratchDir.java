package dev.pgdrill.activities;

import dev.pgdrill.core.config.DatabaseProfile;
import dev.pgdrill.core.db.Connections;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One step's 0700 folder inside the worker's {@link WorkDir}: plaintext lives here while the step needs it,
 * and closing removes it with everything in it (on success, failure and cancellation alike; a killed
 * worker's folders are removed by the next worker's sweep).
 */
public final class ScratchDir implements AutoCloseable {
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_READ_WRITE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private final Path path;

    ScratchDir(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    /** Creates {@code name} (a new folder inside this one, 0700 from the start). */
    public Path folder(String name) throws IOException {
        return Files.createDirectory(path.resolve(name), PosixFilePermissions.asFileAttribute(WorkDir.OWNER_ONLY));
    }

    /** A new file readable and writable by the worker's user only (0600 from the start, not chmod'ed after). */
    public static OutputStream newPrivateFile(Path file) throws IOException {
        return Channels.newOutputStream(Files.newByteChannel(
                file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), OWNER_READ_WRITE));
    }

    /**
     * The libpq environment for a program working on {@code database}: PG* from {@link Connections#libpqEnv},
     * except that the password travels in a 0600 password file in this folder (PGPASSFILE), not in
     * PGPASSWORD. An environment is copied into every process the program starts and stays readable in
     * /proc/PID/environ (and in tools that dump process environments) for as long as it runs, hours for a
     * pg_restore; PostgreSQL's documentation advises a password file for that reason. The file goes when
     * this folder does.
     */
    public Map<String, String> libpqEnv(DatabaseProfile server, String database) throws SQLException, IOException {
        Map<String, String> env = new HashMap<>(Connections.libpqEnv(server, database));
        String password = env.get("PGPASSWORD");
        // A line break cannot be written in a password file: such a password stays in PGPASSWORD.
        if (password != null && !password.contains("\n") && !password.contains("\r")) {
            Path passfile = path.resolve("pgpass");
            try (OutputStream out = newPrivateFile(passfile)) {
                // hostname:port:database:username:password, any of each; ':' and '\' escaped by '\'
                String escaped = password.replace("\\", "\\\\").replace(":", "\\:");
                out.write(("*:*:*:*:" + escaped + "\n").getBytes(StandardCharsets.UTF_8));
            }
            env.remove("PGPASSWORD");
            env.put("PGPASSFILE", passfile.toString());
        }
        return env;
    }

    @Override
    public void close() throws IOException {
        FileTrees.deleteTree(path);
    }
}
