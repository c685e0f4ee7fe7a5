package dev.pgdrill.activities;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in worker for {@link WorkDirTest}, run as its own JVM: opens the work folder under {@code args[0]},
 * leaves a "decrypted" file in a scratch folder, prints that folder, and lives until killed.
 */
public final class WorkDirHolder {
    private WorkDirHolder() {}

    public static void main(String[] args) throws Exception {
        ScratchDir scratch = WorkDir.forRoot(Path.of(args[0])).scratch("restore-app");
        Files.writeString(scratch.path().resolve("3001.dat"), "plaintext rows");
        System.out.println(scratch.path());
        System.out.flush();
        while (System.in.read() >= 0) {
            // lives until its stdin closes or it is killed
        }
    }
}
