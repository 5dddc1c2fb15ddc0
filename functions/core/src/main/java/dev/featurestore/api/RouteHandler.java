package dev.featurestore.api;

/** Answers the requests of one route. Throw the project's exceptions for failures; the router maps them. */
@FunctionalInterface
public interface RouteHandler {
    ApiResponse handle(ApiCall call);
}
