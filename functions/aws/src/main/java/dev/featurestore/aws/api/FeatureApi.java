package dev.featurestore.aws.api;

import dev.featurestore.api.GroupSource;
import dev.featurestore.api.ReadRoutes;
import dev.featurestore.api.ReadService;
import dev.featurestore.api.Router;
import dev.featurestore.aws.athena.AthenaQueryEngine;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.config.GroupConfig;
import java.util.Collection;
import java.util.Optional;

/**
 * The routes the Query Lambda answers: core's read routes over Athena ({@link AthenaQueryEngine}) with the
 * caller's orgs from its IAM identity ({@link Tenancy}), plus {@code GET /queries/{id}} to poll a Parquet export.
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
        return ReadRoutes.router(reads).get("/queries/{id}", call -> {
            AthenaQueryEngine.Export export = engine.export(call.param("id"));
            String org = reads.org(call.request(), runtime.group(export.group()), Optional.of(export.org()));
            return engine.poll(export).withOrg(org);
        });
    }
}
