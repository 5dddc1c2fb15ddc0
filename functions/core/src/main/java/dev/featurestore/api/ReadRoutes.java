package dev.featurestore.api;

/**
 * The read routes both runtimes serve, registered on a {@link Router}:
 * {@code GET /groups}, {@code GET /groups/{group}}, {@code POST /groups/{group}/features},
 * {@code GET /groups/{group}/drift} and {@code GET /openapi.json} (the contract, {@link OpenApi}); with
 * {@link LookupRoutes}, also {@code ids} in the features body, {@code GET /groups/{group}/entities/{id}} and
 * {@code POST /groups/{group}/training-set}.
 */
public final class ReadRoutes {
    private ReadRoutes() {
    }

    /** A router with the read routes over this service; runtimes and features add their own routes to it. */
    public static Router router(ReadService reads) {
        return register(new Router(), reads);
    }

    /** The read routes with entity lookups: {@code ids} in the features body, {@code GET /groups/{group}/entities/{id}}. */
    public static Router router(ReadService reads, LookupRoutes lookups) {
        return register(new Router(), reads, lookups);
    }

    public static Router register(Router router, ReadService reads) {
        return register(router, reads, null);
    }

    private static Router register(Router router, ReadService reads, LookupRoutes lookups) {
        router.get("/groups", call -> reads.groups(call.request()))
                .get("/groups/{group}", call -> reads.group(call.request(), call.param("group")))
                .post("/groups/{group}/features", call -> lookups == null ? reads.features(call.request(), call.param("group"))
                        : lookups.features(call.request(), call.param("group")));
        if (lookups != null) {
            router.get("/groups/{group}/entities/{id}", call -> lookups.entity(call.request(), call.param("group"), call.param("id")));
            router.post("/groups/{group}/training-set", call -> lookups.trainingSet(call.request(), call.param("group")));
        }
        return router
                .get("/groups/{group}/drift", call -> reads.drift(call.request(), call.param("group")))
                .get("/openapi.json", call -> ApiResponse.json(200, OpenApi.document()));
    }
}
