package dev.featurestore.api;

import dev.featurestore.error.ErrorKind;
import dev.featurestore.ids.Identifier;
import dev.featurestore.query.ErrorBody;
import dev.featurestore.query.FilterText;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The HTTP API, independent of its transport: {@code serve} and the Query Lambda hand every request to
 * {@link #handle} and write back the {@link ApiResponse}. Routes are registered with {@link #add}
 * (docs/api.md, "Adding a route"); the router matches the path, answers 404 (unknown path) and 405 (known path,
 * other method, with {@code Allow}), refuses request bodies that are not JSON (415), and turns every exception into
 * the JSON error body and status of its {@link ErrorKind}. It never throws.
 */
public final class Router {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Router.class);
    private final List<Route> routes = new ArrayList<>();

    /** One route: {@code GET /groups/{group}}. Path parameters are whole segments named in braces. */
    public record Route(String method, String pattern, RouteHandler handler) {
        List<String> segments() {
            return split(pattern);
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    /**
     * Adds a route. Patterns are literal segments and {@code {name}} parameters; a parameter's value reaches the
     * handler percent-decoded ({@link ApiCall#param}). Adding the same method and pattern twice is a mistake.
     */
    public Router add(String method, String pattern, RouteHandler handler) {
        String m = method.toUpperCase(Locale.ROOT);
        for (Route r : routes) {
            if (r.method().equals(m) && r.pattern().equals(pattern)) {
                throw new IllegalArgumentException("Cannot add route " + m + " " + pattern + ": it is already registered");
            }
        }
        routes.add(new Route(m, pattern, handler));
        return this;
    }

    public Router get(String pattern, RouteHandler handler) {
        return add("GET", pattern, handler);
    }

    public Router post(String pattern, RouteHandler handler) {
        return add("POST", pattern, handler);
    }

    /** The registered routes, in registration order. */
    public List<Route> routes() {
        return List.copyOf(routes);
    }

    /** Answers a request; errors become JSON error bodies, never exceptions. */
    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (RuntimeException e) {
            ApiResponse error = ApiResponse.error(ErrorBody.of(e));
            if (error.status() >= 500) {
                LOG.error("request method={} path={} failed", FilterText.echo(request.method()), FilterText.echo(request.rawPath()), e);
            }
            return e instanceof MethodNotAllowed m ? error.withHeader("Allow", m.allowed) : error;
        }
    }

    private ApiResponse route(ApiRequest request) {
        List<String> path = split(request.rawPath());
        Set<String> allowed = new LinkedHashSet<>();
        for (Route r : routes) {
            Map<String, String> params = match(r.segments(), path);
            if (params == null) {
                continue;
            }
            if (!r.method().equals(request.method().toUpperCase(Locale.ROOT))) {
                allowed.add(r.method());
                continue;
            }
            checkBody(request);
            Map<String, String> values = decoded(params);
            checkIdentifiers(values, request);
            return r.handler().handle(new ApiCall(request, values));
        }
        if (!allowed.isEmpty()) {
            throw new MethodNotAllowed("Cannot " + request.method() + " " + request.rawPath() + " (use "
                    + String.join(" or ", allowed) + ")", String.join(", ", allowed));
        }
        throw new dev.featurestore.error.NotFoundException("Cannot find route " + request.method() + " " + request.rawPath()
                + " (routes: " + String.join(", ", routes.stream().map(Route::toString).distinct().toList()) + ")");
    }

    /**
     * Path parameters and query parameters that name a group, org, version or run must follow the one name rule
     * ({@link Identifier}) before any handler looks anything up: {@code {group}}, {@code {org}}, {@code {version}},
     * {@code {run}}, and {@code ?org=}, {@code ?version=}, {@code ?from=}, {@code ?to=} (versions).
     */
    private static void checkIdentifiers(Map<String, String> params, ApiRequest request) {
        params.forEach((name, value) -> identifier(name).ifPresent(rule -> rule.require("read request: {" + name + "}", value)));
        for (String name : List.of("org", "version", "from", "to")) {
            Optional<Identifier> rule = identifier(name);
            request.queryParameter(name).ifPresent(v -> rule.orElseThrow().require("read request: ?" + name + "=", v));
        }
    }

    private static Optional<Identifier> identifier(String parameter) {
        return switch (parameter) {
            case "group" -> Optional.of(Identifier.GROUP);
            case "org" -> Optional.of(Identifier.ORG);
            case "version", "from", "to" -> Optional.of(Identifier.VERSION);
            case "run" -> Optional.of(Identifier.RUN);
            default -> Optional.empty();
        };
    }

    /** Bodies must be JSON: a form or {@code text/plain} post from another site must not reach a route. */
    private static void checkBody(ApiRequest request) {
        if (request.body().length == 0) {
            return;
        }
        String type = request.header("content-type").orElse("");
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!media.equals("application/json")) {
            throw new HttpRefusal(ErrorKind.UNSUPPORTED_MEDIA_TYPE, "Cannot read request: the body's Content-Type is "
                    + (type.isBlank() ? "missing" : "'" + FilterText.echo(type) + "'")
                    + " (send the body as application/json)");
        }
    }

    private static Map<String, String> match(List<String> pattern, List<String> path) {
        if (pattern.size() != path.size()) {
            return null;
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            if (p.startsWith("{") && p.endsWith("}")) {
                params.put(p.substring(1, p.length() - 1), path.get(i));
            } else if (!p.equals(path.get(i))) {
                return null;
            }
        }
        return params;
    }

    private static Map<String, String> decoded(Map<String, String> raw) {
        Map<String, String> out = new LinkedHashMap<>();
        raw.forEach((k, v) -> out.put(k, ApiRequest.decode(v.replace("+", "%2B"))));
        return out;
    }

    /** Segments of a path, still encoded; empty segments (doubled or trailing slashes) are dropped. */
    static List<String> split(String path) {
        List<String> out = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }

    /** 405: the path is a route, the method is not. */
    static final class MethodNotAllowed extends HttpRefusal {
        final String allowed;

        MethodNotAllowed(String message, String allowed) {
            super(ErrorKind.METHOD_NOT_ALLOWED, message);
            this.allowed = allowed;
        }
    }
}
