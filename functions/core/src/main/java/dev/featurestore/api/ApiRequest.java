package dev.featurestore.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP request as the router sees it, whatever carried it ({@code serve}'s socket or an API Gateway event).
 *
 * @param method  {@code GET}, {@code POST}, ...
 * @param rawPath the path as sent, still percent-encoded: the router splits it into segments before decoding, so
 *                an encoded {@code /} ({@code %2F}) stays inside its segment (and fails the name rule there)
 * @param query   decoded query parameters (the first value of each)
 * @param headers header values by lower-case name
 * @param body    the request body (empty when none)
 * @param caller  what the transport established about the caller, never taken from the client's headers or body
 *                (on AWS: {@code principal_arn} from API Gateway's IAM authentication, {@code authorizer_orgs} from a
 *                Lambda authorizer); empty on {@code serve}
 */
public record ApiRequest(String method, String rawPath, Map<String, String> query, Map<String, String> headers, byte[] body,
                         Map<String, String> caller) {

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(rawPath, "rawPath");
        query = Map.copyOf(query);
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        headers = Map.copyOf(lower);
        body = body == null ? new byte[0] : body;
        caller = Map.copyOf(caller);
    }

    /** A request whose caller is not known to the transport ({@code serve}). */
    public ApiRequest(String method, String rawPath, Map<String, String> query, Map<String, String> headers, byte[] body) {
        this(method, rawPath, query, headers, body, Map.of());
    }

    /** A request without headers or body, e.g. {@code ApiRequest.of("GET", "/groups?org=acme")}. */
    public static ApiRequest of(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        String path = q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
        return new ApiRequest(method, path, parseQuery(q < 0 ? null : pathAndQuery.substring(q + 1)), Map.of(), new byte[0]);
    }

    public ApiRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name.toLowerCase(Locale.ROOT), value);
        return new ApiRequest(method, rawPath, query, h, body, caller);
    }

    /** With a JSON body (and its Content-Type). */
    public ApiRequest withBody(String json) {
        return new ApiRequest(method, rawPath, query, headers, json.getBytes(StandardCharsets.UTF_8), caller)
                .withHeader("Content-Type", "application/json");
    }

    public ApiRequest withCaller(String key, String value) {
        Map<String, String> c = new LinkedHashMap<>(caller);
        c.put(key, value);
        return new ApiRequest(method, rawPath, query, headers, body, c);
    }

    public Optional<String> caller(String key) {
        return Optional.ofNullable(caller.get(key)).filter(s -> !s.isBlank());
    }

    /** A query parameter's value; empty when absent or blank. */
    public Optional<String> queryParameter(String name) {
        return Optional.ofNullable(query.get(name)).filter(s -> !s.isBlank());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Decodes a raw query string ({@code a=1&b=x%20y}); the first value of a repeated key wins. */
    public static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(key, value);
        }
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new dev.featurestore.error.UsageException("Cannot read request: \"" + dev.featurestore.query.FilterText.echo(s)
                    + "\" is not valid percent-encoding (" + e.getMessage() + ")");
        }
    }
}
