package dev.featurestore.api;

/**
 * The read routes both runtimes serve, registered on a {@link Router}:
 * {@code GET /groups}, {@code GET /groups/{group}}, {@code POST /groups/{group}/features},
 * {@code GET /groups/{group}/drift} and {@code GET /openapi.json} (the contract, {@link OpenApi}).
 */
public final class ReadRoutes {
    private ReadRoutes() {
    }

    /** A router with the read routes over this service; runtimes and features add their own routes to it. */
    public static Router router(ReadService reads) {
        return register(new Router(), reads);
    }

    public static Router register(Router router, ReadService reads) {
        return router
                .get("/groups", call -> reads.groups(call.request()))
                .get("/groups/{group}", call -> reads.group(call.request(), call.param("group")))
                .post("/groups/{group}/features", call -> reads.features(call.request(), call.param("group")))
                .get("/groups/{group}/drift", call -> reads.drift(call.request(), call.param("group")))
                .get("/openapi.json", call -> ApiResponse.json(200, OpenApi.document()));
    }
}
