package dev.featurestore.ids;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.FeatureStoreException;
import dev.featurestore.error.UsageException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class IdentifierTest {

    @ParameterizedTest
    @ValueSource(strings = {"customer", "c", "customer_2", "a23456789012345678901234567890123456789012345678901234567890123"})
    void group_acceptsTheNamesConfigsUse(String name) {
        assertThat(Identifier.GROUP.require("read features", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"acme", "globex", "org-1", "1st_org", "a"})
    void org_acceptsLowercaseDigitsUnderscoreAndDash(String name) {
        assertThat(Identifier.ORG.require("read features", name)).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"20261124T031500Z-3f9a", "20990101T000000Z-0000", "20261124T031500Z-0123456789abcdef"})
    void versionAndRun_acceptTheIdsVersionIdsMakes(String id) {
        assertThat(Identifier.VERSION.require("publish", id)).isEqualTo(id);
        assertThat(Identifier.RUN.require("read run", id)).isEqualTo(id);
    }

    @ParameterizedTest
    @EnumSource(Identifier.class)
    void everyKind_rejectsTraversalEncodingsAndSeparators(Identifier id) {
        for (String bad : new String[] {"..", "../x", "..%2F..%2F..%2Fsome%2Ffile", "a/b", "a\\b", "%00", "a\u0000b",
                "a=b", "", " ", "customer.yaml", "Customer", "-x", "_x", "x\n", "20261124T031500Z-3f9a/../x"}) {
            assertThatThrownBy(() -> id.require("do it", bad)).as(bad)
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("Cannot do it: " + id.kind() + " '")
                    .hasMessageEndingWith("' is not a valid name (" + id.rule() + ")");
        }
    }

    @Test
    void group_rejectsTheIssuesTraversal_withTheExactMessage() {
        assertThatThrownBy(() -> Identifier.GROUP.require("read features", "..%2F..%2F..%2Fsome%2Ffile"))
                .isInstanceOf(UsageException.class)
                .hasMessage("Cannot read features: group '..%2F..%2F..%2Fsome%2Ffile' is not a valid name"
                        + " (lowercase letters, digits and _, starting with a letter, at most 63)");
    }

    @Test
    void rejectedValue_isEscapedAndCut_neverEchoedRaw() {
        String longName = "a".repeat(10_000);
        assertThatThrownBy(() -> Identifier.GROUP.require("load the config", longName))
                .hasMessage("Cannot load the config: group '" + "a".repeat(64) + "...(10000 characters)' is not a valid name"
                        + " (lowercase letters, digits and _, starting with a letter, at most 63)");
        assertThatThrownBy(() -> Identifier.ORG.require("read features", "x\u0000'\n\u00e9"))
                .hasMessage("Cannot read features: org 'x\\u0000\\'\\u000a\\u00e9' is not a valid name"
                        + " (lowercase letters, digits, _ and -, starting with a letter or digit, at most 63)");
    }

    @Test
    void missingValue_isAUsageErrorSayingWhatIsMissing() {
        assertThatThrownBy(() -> Identifier.VERSION.require("publish", null))
                .hasMessage("Cannot publish: no version given (a version id like 20261124T031500Z-3f9a)");
    }

    @Test
    void rejection_isExit2AndHttp400() {
        try {
            Identifier.RUN.require("read run", "a=b");
        } catch (FeatureStoreException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.USAGE);
            assertThat(e.kind().exitCode()).isEqualTo(2);
            assertThat(e.kind().httpStatus()).isEqualTo(400);
            return;
        }
        throw new AssertionError("not rejected");
    }
}
