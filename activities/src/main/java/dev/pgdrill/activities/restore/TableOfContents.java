package dev.pgdrill.activities.restore;

import dev.pgdrill.core.tools.ChildEnvironment;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * An archive's table of contents ({@code pg_restore -l}), read once per restore: its size for progress, whether it
 * holds partitions, and a {@code --use-list} without the entries to leave out.
 *
 * @param lines every line pg_restore printed, comments included (a use-list keeps them)
 * @param read  whether pg_restore read the archive (a bad one fails in the restore itself, with pg_restore's words)
 */
record TableOfContents(List<String> lines, boolean read) {
    /** A {@code --use-list} file, and how many entries it leaves out. */
    record UseList(Path file, int leftOut) {}

    static TableOfContents of(Path pgRestore, Path dump) throws IOException, InterruptedException {
        Process p = ChildEnvironment.processBuilder(List.of(pgRestore.toString(), "-l", dump.toString()), Map.of())
                .redirectErrorStream(true)
                .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                lines.add(line);
            }
        }
        boolean read = p.waitFor(1, TimeUnit.MINUTES) && p.exitValue() == 0;
        return new TableOfContents(List.copyOf(lines), read);
    }

    private static boolean entry(String line) {
        return !line.startsWith(";") && !line.isBlank();
    }

    /** Number of entries, for progress. */
    int entries() {
        return (int) lines.stream().filter(TableOfContents::entry).count();
    }

    /** Whether the archive holds partitions ({@code TABLE ATTACH} entries). */
    boolean hasPartitions() {
        return lines.stream().anyMatch(l -> entry(l) && l.contains(" TABLE ATTACH "));
    }

    /** The table of contents without the entries {@code leaveOut} names, written to {@code folder}; empty when none is. */
    Optional<UseList> without(Predicate<String> leaveOut, Path folder) throws IOException {
        List<String> kept =
                lines.stream().filter(l -> !entry(l) || !leaveOut.test(l)).toList();
        int out = lines.size() - kept.size();
        if (!read || out == 0) {
            return Optional.empty();
        }
        Path list = folder.resolve("toc.list");
        Files.write(list, kept, StandardCharsets.UTF_8);
        return Optional.of(new UseList(list, out));
    }
}
