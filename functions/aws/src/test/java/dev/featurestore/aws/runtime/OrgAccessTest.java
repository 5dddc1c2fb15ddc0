package dev.featurestore.aws.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.aws.api.ApiRequest;
import dev.featurestore.aws.api.Tenancy;
import dev.featurestore.error.ConfigException;
import dev.featurestore.error.ForbiddenException;
import dev.featurestore.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrgAccessTest {
    private static final OrgAccess ACCESS = OrgAccess.parse("{\"arn:aws:iam::123456789012:role/AcmeAnalysts\": [\"acme\"],"
            + " \"arn:aws:iam::123456789012:role/Platform*\": [\"acme\", \"globex\"], \"arn:aws:iam::123456789012:user/bob\": \"globex\"}");

    private static ApiRequest request(String arn, String authorizerOrgs) {
        String ctx = "{\"identity\": {\"userArn\": " + (arn == null ? "null" : "\"" + arn + "\"") + "}"
                + (authorizerOrgs == null ? "" : ", \"authorizer\": {\"orgs\": \"" + authorizerOrgs + "\"}") + "}";
        return ApiRequest.parse(("{\"httpMethod\": \"GET\", \"path\": \"/groups\", \"requestContext\": " + ctx + "}")
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
    void orgFor_picksTheCallersOnlyOrg_whenTheRequestNamesNone() {
        Tenancy tenancy = new Tenancy(ACCESS);

        assertThat(tenancy.orgFor(request("arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice", null), Optional.empty()))
                .isEqualTo("acme");
    }

    @Test
    void orgFor_asksWhichOrg_whenTheCallerMayReadSeveral() {
        Tenancy tenancy = new Tenancy(ACCESS);
        ApiRequest platform = request("arn:aws:sts::123456789012:assumed-role/Platform/ci", null);

        assertThat(tenancy.orgFor(platform, Optional.of("globex"))).isEqualTo("globex");
        assertThatThrownBy(() -> tenancy.orgFor(platform, Optional.empty())).isInstanceOf(UsageException.class)
                .hasMessage("Cannot tell which org to read: arn:aws:sts::123456789012:assumed-role/Platform/ci may read acme, globex"
                        + " (set \"org\" in the body or ?org= in the URL)");
    }

    @Test
    void orgFor_usesTheAuthorizersOrgs_insteadOfTheMapping() {
        Tenancy tenancy = new Tenancy(ACCESS);
        ApiRequest tagged = request("arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice", "globex, initech");

        assertThat(tenancy.allowedOrgs(tagged)).containsExactly("globex", "initech");
        assertThatThrownBy(() -> tenancy.orgFor(tagged, Optional.of("acme"))).isInstanceOf(ForbiddenException.class)
                .hasMessage("Cannot read org 'acme': arn:aws:sts::123456789012:assumed-role/AcmeAnalysts/alice may read only globex, initech");
    }

    @Test
    void orgFor_refusesACallerWithoutIdentity() {
        assertThatThrownBy(() -> new Tenancy(ACCESS).orgFor(request(null, null), Optional.of("acme")))
                .isInstanceOf(ForbiddenException.class)
                .hasMessageStartingWith("Cannot read features: an unauthenticated caller may read no org");
    }
}
