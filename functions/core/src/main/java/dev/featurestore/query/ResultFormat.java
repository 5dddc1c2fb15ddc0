package dev.featurestore.query;

import dev.featurestore.error.UsageException;
import java.util.Locale;

/** How a get-features answer is returned: JSON rows, CSV text, or a Parquet file. */
public enum ResultFormat {
    JSON("application/json"),
    CSV("text/csv"),
    PARQUET("application/vnd.apache.parquet");

    private final String contentType;

    ResultFormat(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    /** The lower-case name used in requests: {@code json}, {@code csv}, {@code parquet}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code json|csv|parquet}, case-insensitively. */
    public static ResultFormat parse(String name) {
        for (ResultFormat f : values()) {
            if (f.id().equalsIgnoreCase(name.trim())) {
                return f;
            }
        }
        throw new UsageException("Cannot read request: unknown format \"" + FilterText.echo(name)
                + "\" (use json, csv or parquet)");
    }
}
