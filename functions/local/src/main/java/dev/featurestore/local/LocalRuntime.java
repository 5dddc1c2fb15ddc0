package dev.featurestore.local;

import dev.featurestore.config.ConfigLoader;
import dev.featurestore.local.catalog.JsonCatalog;
import dev.featurestore.local.duckdb.DescribingOutputs;
import dev.featurestore.local.duckdb.DuckDb;
import dev.featurestore.local.run.LocalCalculation;
import dev.featurestore.local.sources.SampleSources;
import dev.featurestore.local.sources.SourceFiles;
import dev.featurestore.version.CodeVersions;
import dev.featurestore.version.Lineage;
import dev.featurestore.local.storage.LocalObjectStore;
import dev.featurestore.storage.ScratchDir;
import java.nio.file.Path;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.VersionStore;

/**
 * Local mode assembled: the lake directory as object store, the JSON catalog, embedded DuckDB with the
 * source views, the config. One per CLI command or server; close it to release DuckDB.
 */
public final class LocalRuntime implements AutoCloseable {
    private final Path lake;
    private final Path configDir;
    private final LocalObjectStore store;
    private final JsonCatalog catalog;
    private final DuckDb db;
    private final VersionIds ids;
    private final dev.featurestore.local.read.CheckedFiles checkedFiles = new dev.featurestore.local.read.CheckedFiles();
    private boolean sourcesRegistered;
    private Lineage.CodeVersion code;

    private LocalRuntime(Path lake, Path configDir, VersionIds ids) {
        this.lake = lake.toAbsolutePath().normalize();
        this.configDir = configDir.toAbsolutePath().normalize();
        this.store = LocalObjectStore.create(this.lake);
        this.catalog = new JsonCatalog(store);
        this.db = DuckDb.open();
        this.ids = ids;
    }

    public static LocalRuntime open(Path lake, Path configDir) {
        return new LocalRuntime(lake, configDir, VersionIds.systemDefault());
    }

    /** With given version ids (tests use {@link VersionIds#seeded}). */
    public static LocalRuntime open(Path lake, Path configDir, VersionIds ids) {
        return new LocalRuntime(lake, configDir, ids);
    }

    public Path lake() {
        return lake;
    }

    public Path configDir() {
        return configDir;
    }

    public Path sourcesDir() {
        return lake.resolve("sources");
    }

    /**
     * Removes what killed commands left in the lake (see docs/local.md): temporary siblings of interrupted
     * writes and Parquet answers of a killed {@code serve} in {@code .work/}, once they are
     * {@link ScratchDir#UNMARKED_AGE} old. Runs' work directories are the calculation's own ({@code run-*}).
     */
    public void removeLeftovers() {
        java.time.Clock files = java.time.Clock.systemUTC(); // file times are the system clock's
        store.removeStaleTemporaryFiles(files);
        ScratchDir.removeStale(workDir(), files, ANSWER_PREFIX);
    }

    /** Scratch space in the lake: run work directories, serve's Parquet answers. */
    public Path workDir() {
        return lake.resolve(".work");
    }

    /** serve's Parquet answers in {@link #workDir()}, deleted after they are sent. */
    public static final String ANSWER_PREFIX = "answer-";

    public LocalObjectStore store() {
        return store;
    }

    public JsonCatalog catalog() {
        return catalog;
    }

    public DuckDb db() {
        return db;
    }

    /** Generates the sample sources when they are missing; true when it did. */
    public synchronized boolean ensureSampleSources() {
        boolean generated = SampleSources.defaults().generateIfMissing(db, sourcesDir());
        if (generated) {
            sourcesRegistered = false;
        }
        return generated;
    }

    public boolean sourcesPresent() {
        return SampleSources.present(sourcesDir());
    }

    /** Registers the source views (real ones when present, else empty ones with the sample schemas). */
    public synchronized void registerSources() {
        if (sourcesRegistered) {
            return;
        }
        if (sourcesPresent()) {
            db.registerSources(sourcesDir());
        } else {
            SampleSources.defaults().registerEmptyViews(db);
        }
        sourcesRegistered = true;
    }

    /** The config loader; SQL functions are described by DuckDB over the source views. */
    public ConfigLoader config() {
        registerSources();
        return ConfigLoader.create(configDir, new DescribingOutputs(db));
    }

    public LocalCalculation calculation(int threads) {
        registerSources();
        removeLeftovers();
        return new LocalCalculation(store, catalog, db, ids, threads, code(), new SourceFiles(sourcesDir()));
    }

    /**
     * A calculation that writes into {@code scratchLake} (its own versions, catalog and scratch space) over this
     * runtime's sources and DuckDB: what {@code reproduce} rebuilds a version with, leaving the lake untouched.
     */
    public LocalCalculation calculationInto(Path scratchLake, int threads) {
        registerSources();
        LocalObjectStore scratch = LocalObjectStore.create(scratchLake.toAbsolutePath().normalize());
        return new LocalCalculation(scratch, new JsonCatalog(scratch), db, ids, threads, code(), new SourceFiles(sourcesDir()));
    }

    /** The code that runs (git commit of the build, SHA-256 of the jar), found once per runtime. */
    public synchronized Lineage.CodeVersion code() {
        if (code == null) {
            code = CodeVersions.of(LocalRuntime.class);
        }
        return code;
    }

    public dev.featurestore.local.read.LocalFeatureReader reader() {
        return new dev.featurestore.local.read.LocalFeatureReader(db, store, versions(), checkedFiles);
    }

    public VersionStore versions() {
        return new VersionStore(store, ids.clock(), VersionStore.DEFAULT_LOCK_TTL, LocalProcessOwner.current());
    }

    /** Who read which fields: usage lines under {@code usage/} in the lake (see docs/catalog.md). */
    public dev.featurestore.discovery.UsageLog usage() {
        return dev.featurestore.discovery.UsageLog.create(store, ids.clock());
    }

    @Override
    public void close() {
        db.close();
    }
}
