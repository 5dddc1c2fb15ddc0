package dev.featurestore.aws.api;

import dev.featurestore.api.GroupSource;
import dev.featurestore.api.LookupRoutes;
import dev.featurestore.api.ReadRoutes;
import dev.featurestore.lookup.EntityLookup;
import dev.featurestore.trainingset.TrainingSetJoin;
import dev.featurestore.trainingset.TrainingSets;
import dev.featurestore.api.ReadService;
import dev.featurestore.api.Router;
import dev.featurestore.api.RunRoutes;
import dev.featurestore.aws.athena.AthenaQueryEngine;
import dev.featurestore.aws.athena.AthenaTrainingSets;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.config.GroupConfig;
import java.util.Collection;
import java.util.Optional;

/**
 * The routes the Query Lambda answers: core's read routes over Athena ({@link AthenaQueryEngine}) with the
 * caller's orgs from its IAM identity ({@link Tenancy}), core's run routes over Step Functions executions
 * ({@link dev.featurestore.aws.sfn.StepFunctionsRuns}), reproductions ({@link dev.featurestore.aws.sfn.StepFunctionsReproductions}),
 * training sets through Athena over a temporary table of the entity rows ({@link AthenaTrainingSets}), plus
 * {@code GET /queries/{id}} to poll a Parquet export.
 */
public final class FeatureApi {
    private FeatureApi() {
    }

    public static Router router(AwsRuntime runtime) {
        Tenancy tenancy = new Tenancy(runtime.settings().orgAccess(), runtime.settings().orgAuthorizer());
        AthenaQueryEngine engine = new AthenaQueryEngine(runtime);
        GroupSource groups = new GroupSource() {
            @Override
            public GroupConfig group(String name) {
                return runtime.group(name);
            }

            @Override
            public Collection<GroupConfig> all() {
                return runtime.groups().values();
            }
        };
        ReadService reads = new ReadService(groups, runtime.versions(), engine, tenancy);
        TrainingSetJoin athenaJoin = new AthenaTrainingSets(runtime.temporaryTables(),
                sql -> runtime.featureEngine().withTimeout(runtime.settings().queryTimeout()).query(sql), runtime.settings().workDir());
        LookupRoutes lookups = new LookupRoutes(reads, groups, new EntityLookup(runtime.store(), runtime.versions()),
                new TrainingSets(runtime.store(), runtime.versions()), athenaJoin);
        Router router = RunRoutes.register(ReadRoutes.router(reads, lookups), reads, groups, runtime.versions(), tenancy,
                runtime.stepFunctionsRuns(), runtime.stepFunctionsReproductions());
        return router.get("/queries/{id}", call -> {
            AthenaQueryEngine.Export export = engine.export(call.param("id"));
            String org = reads.org(call.request(), runtime.group(export.group()), Optional.of(export.org()));
            return engine.poll(export).withOrg(org);
        });
    }
}
