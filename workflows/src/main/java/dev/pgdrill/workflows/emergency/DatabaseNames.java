package dev.pgdrill.workflows.emergency;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * The databases one emergency restore will need next to production, named when the run starts: PostgreSQL
 * silently truncates a name past 63 bytes (and a lookup of the long name then misses it), so a name that
 * would not fit keeps the start of production's name and a hash of all of it instead.
 *
 * @param production    production's database name (from the profile)
 * @param side          the restored copy, built next to production before the switch
 * @param preRestore    what production becomes when the restored copy takes its name (kept)
 * @param failedRestore where a restored copy that failed production verification is set aside
 */
public record DatabaseNames(String production, String side, String preRestore, String failedRestore) {
    /** PostgreSQL's NAMEDATALEN - 1. */
    public static final int MAX_BYTES = 63;

    /**
     * @param suffix 8 hex digits unique to the run (the side database's name)
     * @param stamp  the run's start, as in its restore id ({@code 20260117t093000z})
     */
    public static DatabaseNames plan(String production, String suffix, String stamp) {
        if (production.isEmpty() || bytes(production) > MAX_BYTES) {
            throw new IllegalArgumentException("production database name '" + production + "' is not a PostgreSQL"
                    + " database name (1 to " + MAX_BYTES + " bytes)");
        }
        String s = stamp.toLowerCase(Locale.ROOT);
        return new DatabaseNames(
                production,
                fit(production, "__pgdrill_" + suffix),
                fit(production, "__pre_restore_" + s),
                fit(production, "__failed_restore_" + s));
    }

    /** {@code base + suffix} when it fits in 63 bytes, else a prefix of base, a hash of base, and the suffix. */
    static String fit(String base, String suffix) {
        String lower = base.toLowerCase(Locale.ROOT);
        if (bytes(lower) + bytes(suffix) <= MAX_BYTES) {
            return lower + suffix;
        }
        CRC32 crc = new CRC32();
        crc.update(base.getBytes(StandardCharsets.UTF_8));
        String hash = "_" + String.format(Locale.ROOT, "%08x", crc.getValue());
        return prefix(lower, MAX_BYTES - bytes(suffix) - hash.length()) + hash + suffix;
    }

    /** The longest prefix of {@code s} within {@code maxBytes} UTF-8 bytes, never cutting a character. */
    private static String prefix(String s, int maxBytes) {
        int end = 0;
        int used = 0;
        while (end < s.length()) {
            int cp = s.codePointAt(end);
            int len = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + len > maxBytes) {
                break;
            }
            used += len;
            end += Character.charCount(cp);
        }
        return s.substring(0, end);
    }

    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }
}
