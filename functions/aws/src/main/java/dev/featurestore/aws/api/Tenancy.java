package dev.featurestore.aws.api;

import dev.featurestore.aws.runtime.OrgAccess;
import dev.featurestore.error.ForbiddenException;
import dev.featurestore.error.UsageException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Decides which org a request reads. The orgs a caller may read come from its identity only: a Lambda
 * authorizer's {@code orgs} (derived from the principal's tags) or the environment's principal → orgs
 * mapping. The body or query may pick one of them; naming any other org is a 403, whatever the body says.
 */
public final class Tenancy {
    private final OrgAccess access;

    public Tenancy(OrgAccess access) {
        this.access = access;
    }

    public List<String> allowedOrgs(ApiRequest request) {
        if (request.authorizerOrgs().isPresent()) {
            return Arrays.stream(request.authorizerOrgs().get().split(",")).map(String::trim).filter(s -> !s.isEmpty()).sorted().toList();
        }
        return access.orgsOf(request.principalArn().orElse(null));
    }

    /** The org to read: the requested one if the caller may read it, else the caller's only org. */
    public String orgFor(ApiRequest request, Optional<String> requested) {
        List<String> allowed = allowedOrgs(request);
        String who = request.principalArn().orElse("an unauthenticated caller");
        if (allowed.isEmpty()) {
            throw new ForbiddenException("Cannot read features: " + who + " may read no org (map its role to orgs in the "
                    + "environment config's org access, or call the API with SigV4 credentials)");
        }
        if (requested.isPresent()) {
            if (!allowed.contains(requested.get())) {
                throw new ForbiddenException("Cannot read org '" + requested.get() + "': " + who + " may read only "
                        + String.join(", ", allowed));
            }
            return requested.get();
        }
        if (allowed.size() > 1) {
            throw new UsageException("Cannot tell which org to read: " + who + " may read " + String.join(", ", allowed)
                    + " (set \"org\" in the body or ?org= in the URL)");
        }
        return allowed.get(0);
    }
}
