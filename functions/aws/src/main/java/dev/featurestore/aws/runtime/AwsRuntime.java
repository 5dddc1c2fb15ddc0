package dev.featurestore.aws.runtime;

import dev.featurestore.aws.AwsClients;
import dev.featurestore.aws.athena.AthenaEngine;
import dev.featurestore.aws.function.AthenaFunctionRunner;
import dev.featurestore.aws.glue.GlueCatalog;
import dev.featurestore.aws.glue.TemporaryTables;
import dev.featurestore.aws.s3.PresignedUrls;
import dev.featurestore.aws.s3.S3ObjectStore;
import dev.featurestore.aws.sources.GlueSourceFingerprints;
import dev.featurestore.calculate.SourceFingerprints;
import dev.featurestore.calculate.Calculation;
import dev.featurestore.catalog.Catalog;
import dev.featurestore.config.ConfigLoader;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.merge.Merger;
import dev.featurestore.storage.ObjectStore;
import dev.featurestore.version.ManifestStats;
import dev.featurestore.version.VersionIds;
import dev.featurestore.version.VersionStore;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The wiring of one Lambda container: SDK clients, the adapters and the core services, built once (in the
 * handler's constructor, so SnapStart snapshots it) from {@link AwsSettings}. Tests build it with an
 * emulator's {@link AwsClients} and may swap the object store (e.g. for one that fails on purpose).
 */
public final class AwsRuntime {
    private final AwsSettings settings;
    private final S3ObjectStore s3Store;
    private final ObjectStore store;
    private final Catalog catalog;
    private final AthenaClient athena;
    private final PresignedUrls urls;
    private final ConfigLoader config;
    private final VersionIds ids;
    private final AwsClients clients;
    private final GlueClient glue;
    private final SourceFingerprints sources;

    private AwsRuntime(AwsSettings settings, S3ObjectStore s3Store, ObjectStore store, Catalog catalog, AthenaClient athena,
                       PresignedUrls urls, ConfigLoader config, VersionIds ids, AwsClients clients, GlueClient glue,
                       SourceFingerprints sources) {
        this.settings = settings;
        this.s3Store = s3Store;
        this.store = store;
        this.catalog = catalog;
        this.athena = athena;
        this.urls = urls;
        this.config = config;
        this.ids = ids;
        this.clients = clients;
        this.glue = glue;
        this.sources = sources;
    }

    /** On Lambda: settings from the environment variables, clients from the execution role. */
    public static AwsRuntime fromEnvironment() {
        return create(AwsSettings.fromEnvironment(), AwsClients.fromEnvironment());
    }

    public static AwsRuntime create(AwsSettings settings, AwsClients clients) {
        S3Client s3Client = clients.s3();
        GlueClient glue = clients.glue();
        S3ObjectStore s3 = S3ObjectStore.create(s3Client, settings.bucket()).withPrefix(settings.dataPrefix());
        Path configDir = settings.configDir().orElseGet(() -> PackagedConfig.directory(settings.workDir()));
        return new AwsRuntime(settings, s3, s3, GlueCatalog.create(glue, settings.glueDatabase()), clients.athena(),
                PresignedUrls.create(clients.presigner(), Duration.ofHours(1)), ConfigLoader.create(configDir),
                VersionIds.systemDefault(), clients, glue,
                new GlueSourceFingerprints(glue, s3Client, settings::sourceDatabase, GlueSourceFingerprints.MAX_OBJECTS));
    }

    /** For tests: {@link AwsSettings#from} over {@code env}. */
    public static AwsRuntime create(Map<String, String> env, AwsClients clients) {
        return create(AwsSettings.from(env), clients);
    }

    /** The same runtime over another object store (a wrapper of {@link #s3Store()}, in tests). */
    public AwsRuntime withStore(ObjectStore other) {
        return new AwsRuntime(settings, s3Store, other, catalog, athena, urls, config, ids, clients, glue, sources);
    }

    public AwsSettings settings() {
        return settings;
    }

    public ObjectStore store() {
        return store;
    }

    public S3ObjectStore s3Store() {
        return s3Store;
    }

    public Catalog catalog() {
        return catalog;
    }

    public PresignedUrls urls() {
        return urls;
    }

    public VersionStore versions() {
        return VersionStore.create(store);
    }

    public GroupConfig group(String name) {
        return config.load(name);
    }

    public Map<String, GroupConfig> groups() {
        return config.loadAll();
    }

    public ResolvedGroup resolve(String group, String org) {
        return group(group).forOrg(org);
    }

    /** Athena over the feature tables (the environment's Glue database). */
    public AthenaEngine featureEngine() {
        return AthenaEngine.create(athena, settings.workgroup(), settings.glueDatabase());
    }

    /** Request-scoped Glue tables over objects under the results prefix (training-set entity rows, long id lists). */
    public TemporaryTables temporaryTables() {
        return new TemporaryTables(glue, settings.glueDatabase(), store, s3Store, settings.resultsPrefix());
    }

    /** Athena over one org's source tables. */
    public AthenaEngine sourceEngine(String org) {
        return AthenaEngine.create(athena, settings.workgroup(), settings.sourceDatabase(org));
    }

    /** The runs the API starts: executions of the materialization state machine (a new SDK client per call: the query function makes one). */
    public dev.featurestore.aws.sfn.StepFunctionsRuns stepFunctionsRuns() {
        return new dev.featurestore.aws.sfn.StepFunctionsRuns(clients.sfn(), settings.stateMachineArn(), ids);
    }

    /** The reproductions the API starts: executions of the materialization state machine in reproduce mode. */
    public dev.featurestore.aws.sfn.StepFunctionsReproductions stepFunctionsReproductions() {
        return new dev.featurestore.aws.sfn.StepFunctionsReproductions(clients.sfn(), settings.stateMachineArn(), ids);
    }

    public AthenaFunctionRunner functionRunner() {
        return new AthenaFunctionRunner(store, this::sourceEngine, settings.workDir());
    }

    /**
     * Core's calculation over S3 + Glue, the streaming merge and statistics in the merge pass; the lineage records
     * the Glue table versions and S3 objects of the source tables the run read ({@link GlueSourceFingerprints}).
     */
    public Calculation calculation(GroupConfig group) {
        return Calculation.builder(store, catalog, Merger::merge)
                .ids(ids)
                .workDir(settings.workDir())
                .statistics(ManifestStats.COLLECTED)
                .retainVersions(group.retainVersions())
                .sources(sources)
                .build();
    }
}
