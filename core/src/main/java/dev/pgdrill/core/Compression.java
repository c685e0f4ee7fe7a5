package dev.pgdrill.core;

/**
 * How the stored data files are compressed, so a restore knows how to read them.
 *
 * @param algorithm {@link #ZSTD}: pgdrill compressed each data file ({@code NNNN.dat.zst}, under the
 *                  encryption when there is one), which pg_restore needs decompressed first; {@link #GZIP}
 *                  and {@link #NONE}: pg_dump's own (or no) compression, which pg_restore reads itself
 * @param level     the level used; 0 with gzip: pg_dump's default
 */
public record Compression(String algorithm, int level) {
    public static final String ZSTD = "zstd";
    public static final String GZIP = "gzip";
    public static final String NONE = "none";
    /** What every backup made before this field was: pg_dump's default compression. */
    public static final Compression PG_DUMP = new Compression(GZIP, 0);
    /** {@code repository.compression}'s default: zstd at level 3. */
    public static final Compression DEFAULT = new Compression(ZSTD, 3);

    public Compression {
        algorithm = algorithm == null || algorithm.isEmpty() ? GZIP : algorithm;
    }

    /** Whether pgdrill compressed the files itself, so that a restore must decompress them. */
    public boolean byPgdrill() {
        return ZSTD.equals(algorithm);
    }
}
