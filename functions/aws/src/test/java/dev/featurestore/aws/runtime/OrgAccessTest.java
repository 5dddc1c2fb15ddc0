package dev.featurestore.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.api.ApiRequest;
import dev.featurestore.aws.api.GatewayEvent;
import dev.featurestore.aws.api.Tenancy;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.ForbiddenException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrgAccessTest {
    private static final OrgAccess ACCESS = OrgAccess.parse("{\"arn:aws:iam::123456789012:role/AcmeAnalysts\": [\"acme\"],"
            + " \"arn:aws:iam::123456789012:role/Platform*\": [\"acme\", \"globex\"], \"arn:aws:iam::123456789012:user/bob\": \"globex\"}");

    private static ApiRequest request(String arn, String authorizerOrgs) {
        String ctx = "{\"identity\": {\"userArn\": " + (arn == null ? "null" : "\"" + arn + "\"") + "}"
                + (authorizerOrgs == null ? "" : ", \"authorizer\": {\"orgs\": \"" + authorizerOrgs + "\"}") + "}";
        return GatewayEvent.parse(("{\"httpMethod\": \"GET\", \"path\": \"/groups\", \"requestContext\": " + ctx + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void orgsOf_matchesAnAssumedRoleSessionByItsRole() {
        assertThat(ACCESS.orgsOf("arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice")).containsExactly("acme");
    }

    @Test
    void orgsOf_matchesGlobs_andUsers_andUnionsEveryMatch() {
        assertThat(ACCESS.orgsOf("arn:aws:sts::123456789012:assumed-role/PlatformAdmins/ci")).containsExactly("acme", "globex");
        assertThat(ACCESS.orgsOf("arn:aws:iam::123456789012:user/bob")).containsExactly("globex");
    }

    @Test
    void orgsOf_isEmpty_forUnmappedOrMissingPrincipals() {
        assertThat(ACCESS.orgsOf("arn:aws:sts::999999999999:assumed-role/AcmeAnalysts/eve")).isEmpty();
        assertThat(ACCESS.orgsOf(null)).isEmpty();
    }

    @Test
    void parse_rejectsWhatIsNotAMappingOfPrincipalsToOrgs() {
        assertThatThrownBy(() -> OrgAccess.parse("[1]")).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read ORG_ACCESS: expected a JSON object of principal ARN to orgs");
        assertThatThrownBy(() -> OrgAccess.parse("{\"arn\": 3}")).isInstanceOf(ConfigException.class)
                .hasMessage("Cannot read ORG_ACCESS: the orgs of arn must be a list of names");
        assertThatThrownBy(() -> OrgAccess.parse("{oops")).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("Cannot read ORG_ACCESS: not valid JSON (");
    }

    @Test
    void readable_isTheMappedOrgsOfTheCaller() {
        Tenancy tenancy = new Tenancy(ACCESS, false);

        assertThat(tenancy.readable(request("arn:aws:sts::123456789012:assumed-role/PlatformAdmins/ci", null)))
                .hasValue(List.of("acme", "globex"));
    }

    @Test
    void readable_usesTheAuthorizersOrgs_whenAnAuthorizerIsConfigured() {
        Tenancy tenancy = new Tenancy(ACCESS, true);
        ApiRequest tagged = request("arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice", "initech, globex");

        assertThat(tenancy.readable(tagged)).hasValue(List.of("globex", "initech"));
    }

    @Test
    void readable_ignoresAnAuthorizersOrgs_whenNoAuthorizerIsConfigured() {
        Tenancy tenancy = new Tenancy(ACCESS, false);
        ApiRequest tagged = request("arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice", "globex, initech");

        assertThat(tenancy.readable(tagged)).hasValue(List.of("acme"));
        assertThatThrownBy(() -> tenancy.readable(request("arn:aws:sts::123456789012:assumed-role/Contractors/bob", "acme")))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageStartingWith("Cannot read features: arn:aws:sts::123456789012:assumed-role/Contractors/bob may read no org");
    }

    @Test
    void readable_refusesACallerWithoutIdentity() {
        assertThatThrownBy(() -> new Tenancy(ACCESS, false).readable(request(null, null)))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageStartingWith("Cannot read features: an unauthenticated caller may read no org");
    }
}
