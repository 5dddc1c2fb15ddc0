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

    /**
     * The format an HTTP {@code Accept} header asks for, when the body names none: the first of its media types
     * that is one of ours ({@code application/json}, {@code text/csv}, {@code application/vnd.apache.parquet},
     * also {@code application/x-parquet}), else JSON (also for a missing header or {@code *}{@code /*}).
     */
    public static ResultFormat fromAccept(String accept) {
        if (accept == null) {
            return JSON;
        }
        for (String part : accept.split(",")) {
            String type = part.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            switch (type) {
                case "application/json":
                    return JSON;
                case "text/csv":
                    return CSV;
                case "application/vnd.apache.parquet", "application/x-parquet":
                    return PARQUET;
                default:
                    break;
            }
        }
        return JSON;
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
