package dev.pgdrill.activities.catalog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** What the drill and incident reports share: atomic writes and safe Markdown table cells. */
final class Reports {
    private Reports() {}

    /** Writes via a temporary name, so a reader never sees half a report. */
    static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** One Markdown table cell: pipes escaped, one line, at most 500 characters. */
    static String cell(String s) {
        String t = s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
        return t.length() > 500 ? t.substring(0, 500) + "…" : t;
    }
}
