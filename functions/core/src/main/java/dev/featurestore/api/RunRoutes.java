package dev.featurestore.api;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.run.RunLauncher;
import dev.featurestore.run.RunState;
import dev.featurestore.run.RunsJson;
import dev.featurestore.run.StartRunRequest;
import dev.featurestore.version.RunRecord;
import dev.featurestore.version.VersionStore;
import java.util.List;
import java.util.Optional;

/**
 * The run routes both runtimes serve, registered on a {@link Router} next to the read routes (docs/api.md):
 * {@code POST /groups/{group}/runs} starts a calculation run for one org (202 with {@code Location} to poll),
 * {@code GET /groups/{group}/runs} lists the org's runs, {@code GET /groups/{group}/runs/{run}} answers one run
 * (202 while it runs). Runs start the runtime's way ({@link RunLauncher}: a background calculation on
 * {@code serve}, a Step Functions execution on AWS); the org is checked like every read ({@link ReadService#org}).
 */
public final class RunRoutes {
    private RunRoutes() {
    }

    public static Router register(Router router, ReadService reads, GroupSource groups, VersionStore versions,
                                  CallerOrgs callers, RunLauncher launcher) {
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
                });
    }
}
