package dev.pgdrill.activities;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A data directory's {@code postmaster.pid}, as the postmaster writes it line by line: its pid, its data
 * directory, its start time (epoch seconds), its port, and (8th) its status ({@code starting}, {@code ready},
 * {@code stopping}, {@code standby}). A line not written yet reads as empty.
 */
public record PostmasterPid(List<String> lines) {
    /** The file of {@code data}, or empty when there is none (no server, or it has stopped). */
    public static Optional<PostmasterPid> of(Path data) throws IOException {
        try {
            return Optional.of(new PostmasterPid(List.copyOf(Files.readAllLines(data.resolve("postmaster.pid")))));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    private String line(int n) {
        return lines.size() >= n ? lines.get(n - 1).strip() : "";
    }

    public Optional<Long> pid() {
        return number(line(1));
    }

    public String dataDirectory() {
        return line(2);
    }

    public Optional<Long> startedEpochSecond() {
        return number(line(3));
    }

    public String port() {
        return line(4);
    }

    /** Whether the server accepts connections (out of recovery, or a hot standby's "standby" excepted). */
    public boolean ready() {
        return line(8).equals("ready");
    }

    private static Optional<Long> number(String text) {
        try {
            return Optional.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
