package dev.featurestore.local.read;

import dev.featurestore.local.lookup.IdNarrowedQuery;
import dev.featurestore.api.ApiResponse;
import dev.featurestore.api.QueryEngine;
import dev.featurestore.api.RowCursor;
import dev.featurestore.query.FeatureQuery;
import dev.featurestore.query.QueryPlan;
import dev.featurestore.query.ResultFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * The API's query engine on this machine: DuckDB over the version's Parquet files ({@link LocalFeatureReader}).
 * Rows stream without a cap; a Parquet answer is the file itself, written to the lake's {@code .work/} first (so a
 * failure is an error status) and deleted once sent.
 */
public final class DuckDbQueryEngine implements QueryEngine {
    private final LocalFeatureReader reader;
    private final Path workDir;

    public DuckDbQueryEngine(LocalFeatureReader reader, Path workDir) {
        this.reader = reader;
        this.workDir = workDir;
    }

    @Override
    public RowCursor select(QueryPlan plan) {
        return reader.open(reader.prepare(plan));
    }

    /** The checked query semi-joined with the ids ({@link IdNarrowedQuery}, as {@code get --ids FILE --filter}). */
    @Override
    public RowCursor select(QueryPlan plan, java.util.List<String> ids) {
        return reader.open(IdNarrowedQuery.narrow(reader.prepare(plan), ids));
    }

    @Override
    public ApiResponse parquet(QueryPlan plan) {
        LocalFeatureReader.Prepared prepared = reader.prepare(plan);
        Path file = workDir.resolve(dev.featurestore.local.LocalRuntime.ANSWER_PREFIX + UUID.randomUUID() + ".parquet");
        long size;
        try {
            reader.writeParquet(prepared, file);
            size = Files.size(file);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            if (e instanceof RuntimeException r) {
                throw r;
            }
            throw new UncheckedIOException((IOException) e);
        }
        FeatureQuery q = plan.query();
        return new ApiResponse(200, Map.of("Content-Type", ResultFormat.PARQUET.contentType(),
                "Content-Disposition", "attachment; filename=\"" + q.group() + "-" + q.org() + "-" + prepared.version() + ".parquet\""),
                out -> {
                    try (InputStream in = Files.newInputStream(file)) {
                        in.transferTo(out);
                    } finally {
                        deleteQuietly(file);
                    }
                    return -1;
                }, Optional.empty(), Optional.of(size));
    }

    @Override
    public OptionalLong inlineRowCap() {
        return OptionalLong.empty();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover answer file in .work/ is harmless
        }
    }
}
