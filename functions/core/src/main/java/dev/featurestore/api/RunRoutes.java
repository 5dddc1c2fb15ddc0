package dev.featurestore.api;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.ids.Identifier;
import dev.featurestore.reproduce.Reproduction;
import dev.featurestore.run.ReproductionLauncher;
import dev.featurestore.run.ReproductionState;
import dev.featurestore.run.ReproductionsJson;
import dev.featurestore.run.RunLauncher;
import dev.featurestore.run.RunState;
import dev.featurestore.run.RunsJson;
import dev.featurestore.run.StartRunRequest;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionStore;
import java.util.List;
import java.util.Optional;

/**
 * The run routes both runtimes serve, registered on a {@link Router} next to the read routes (docs/api.md):
 * {@code POST /groups/{group}/runs} starts a calculation run for one org (202 with {@code Location} to poll),
 * {@code GET /groups/{group}/runs} lists the org's runs, {@code GET /groups/{group}/runs/{run}} answers one run
 * (202 while it runs). A reproduction is a run too: {@code POST /groups/{group}/versions/{version}/reproductions}
 * rebuilds a version from its recorded lineage (202 with {@code Location}), {@code GET
 * .../reproductions/{reproduction}} answers it (202 while it runs, then its report); the runtime rebuilds its way
 * ({@link ReproductionLauncher}) and nothing of the rebuild is published. Runs start the runtime's way ({@link RunLauncher}: a background calculation on
 * {@code serve}, a Step Functions execution on AWS); the org is checked like every read ({@link ReadService#org}).
 */
public final class RunRoutes {
    private RunRoutes() {
    }

    public static Router register(Router router, ReadService reads, GroupSource groups, VersionStore versions,
                                  CallerOrgs callers, RunLauncher launcher, ReproductionLauncher reproductions) {
        return router
                .post("/groups/{group}/runs", call -> {
                    GroupConfig config = groups.group(call.param("group"));
                    StartRunRequest body = StartRunRequest.parse(call.request().body());
                    String org = reads.org(call.request(), config, body.org());
                    config.forOrg(org); // NotFoundException listing the group's orgs
                    RunState state = launcher.start(config, org);
                    return ApiResponse.json(202, RunsJson.run(state))
                            .withHeader("Location", RunsJson.pollPath(config.name(), org, state.run())).withOrg(org);
                })
                .get("/groups/{group}/runs", call -> {
                    GroupConfig config = groups.group(call.param("group"));
                    String org = reads.org(call.request(), config, call.request().queryParameter("org"));
                    config.forOrg(org);
                    return ApiResponse.json(200, RunsJson.runs(config.name(), org, versions.runs(config.name(), org))).withOrg(org);
                })
                .get("/groups/{group}/runs/{run}", call -> {
                    GroupConfig config = groups.group(call.param("group"));
                    Optional<String> org = call.request().queryParameter("org");
                    Optional<List<String>> readable = callers.readable(call.request());
                    RunState state = launcher.state(config, call.param("run"),
                            o -> readable.map(r -> r.contains(o)).orElse(true) && org.map(o::equals).orElse(true));
                    return ApiResponse.json(state.status() == RunRecord.Status.RUNNING ? 202 : 200, RunsJson.run(state))
                            .withOrg(state.org());
                })
                .post("/groups/{group}/versions/{version}/reproductions", call -> {
                    GroupConfig config = groups.group(call.param("group"));
                    String version = Identifier.VERSION.require("reproduce a version", call.param("version"));
                    StartRunRequest body = StartRunRequest.parse(call.request().body());
                    String org = reads.org(call.request(), config, body.org());
                    config.forOrg(org); // NotFoundException listing the group's orgs
                    Manifest recorded = versions.manifest(config.name(), org, version); // another org's version is not found
                    Reproduction.groupOf(recorded); // 409 when it records no lineage: nothing to rebuild it from
                    ReproductionState state = reproductions.start(config, recorded);
                    return ApiResponse.json(202, ReproductionsJson.reproduction(state))
                            .withHeader("Location", ReproductionsJson.pollPath(config.name(), org, version, state.reproduction()))
                            .withOrg(org);
                })
                .get("/groups/{group}/versions/{version}/reproductions/{reproduction}", call -> {
                    GroupConfig config = groups.group(call.param("group"));
                    String version = Identifier.VERSION.require("read a reproduction", call.param("version"));
                    Optional<String> org = call.request().queryParameter("org");
                    Optional<List<String>> readable = callers.readable(call.request());
                    ReproductionState state = reproductions.state(config, version, call.param("reproduction"),
                            o -> readable.map(r -> r.contains(o)).orElse(true) && org.map(o::equals).orElse(true));
                    return ApiResponse.json(state.status() == RunRecord.Status.RUNNING ? 202 : 200, ReproductionsJson.reproduction(state))
                            .withOrg(state.org());
                });
    }
}
