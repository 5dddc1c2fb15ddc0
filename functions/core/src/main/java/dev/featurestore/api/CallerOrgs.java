package dev.featurestore.api;

import java.util.List;
import java.util.Optional;

/**
 * Which orgs the caller of a request may read. {@code serve} answers every org (it trusts its callers: loopback
 * or a token, docs/local.md); the Lambda answers the orgs of the caller's IAM identity (docs/aws.md). The org a
 * request names is checked against this before anything is read.
 */
public interface CallerOrgs {

    /** Every org, for a caller trusted with the whole store. */
    CallerOrgs EVERY_ORG = new CallerOrgs() {
        @Override
        public Optional<List<String>> readable(ApiRequest request) {
            return Optional.empty();
        }

        @Override
        public String describe(ApiRequest request) {
            return "the caller";
        }
    };

    /**
     * The orgs the caller may read, sorted; empty (the Optional) when it may read every org. Throws
     * {@link dev.featurestore.error.ForbiddenException} saying how to get access when the caller may read none.
     */
    Optional<List<String>> readable(ApiRequest request);

    /** Who the caller is, for error messages (an IAM ARN on AWS). */
    String describe(ApiRequest request);
}
