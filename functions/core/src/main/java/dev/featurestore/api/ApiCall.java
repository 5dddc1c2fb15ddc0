package dev.featurestore.api;

import java.util.Map;

/** A request matched to a route: the request and its decoded path parameters ({@code {group}} → value). */
public record ApiCall(ApiRequest request, Map<String, String> params) {

    public ApiCall {
        params = Map.copyOf(params);
    }

    /** A path parameter of the route's pattern; the router checked it is present. */
    public String param(String name) {
        String v = params.get(name);
        if (v == null) {
            throw new IllegalStateException("Cannot read path parameter {" + name + "}: the route has none");
        }
        return v;
    }
}
