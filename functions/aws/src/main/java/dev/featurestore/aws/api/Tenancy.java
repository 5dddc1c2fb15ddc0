package dev.featurestore.aws.api;

import dev.featurestore.api.ApiRequest;
import dev.featurestore.api.CallerOrgs;
import dev.featurestore.aws.runtime.OrgAccess;
import dev.featurestore.error.ForbiddenException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The orgs an API caller may read on AWS, from its identity only: the environment's principal → orgs mapping
 * ({@code ORG_ACCESS}), or — only when the function is told a Lambda authorizer is configured
 * ({@code ORG_AUTHORIZER=true}) — the authorizer's {@code orgs}. Without that setting the event's
 * {@code requestContext.authorizer} is ignored: no authorizer is deployed by default, and nothing else vouches for it.
 */
public final class Tenancy implements CallerOrgs {
    private final OrgAccess access;
    private final boolean authorizerConfigured;

    public Tenancy(OrgAccess access, boolean authorizerConfigured) {
        this.access = access;
        this.authorizerConfigured = authorizerConfigured;
    }

    @Override
    public Optional<List<String>> readable(ApiRequest request) {
        List<String> orgs = authorizerConfigured && request.caller(GatewayEvent.AUTHORIZER_ORGS).isPresent()
                ? Arrays.stream(request.caller(GatewayEvent.AUTHORIZER_ORGS).get().split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).sorted().distinct().toList()
                : access.orgsOf(request.caller(GatewayEvent.PRINCIPAL_ARN).orElse(null));
        if (orgs.isEmpty()) {
            throw new ForbiddenException("Cannot read features: " + describe(request) + " may read no org (map its role to orgs in the "
                    + "environment config's org access, or call the API with SigV4 credentials)");
        }
        return Optional.of(orgs);
    }

    @Override
    public String describe(ApiRequest request) {
        return request.caller(GatewayEvent.PRINCIPAL_ARN).orElse("an unauthenticated caller");
    }
}
