package dev.featurestore.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.UsageException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StartRunRequestTest {

    private static StartRunRequest parse(String body) {
        return StartRunRequest.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void emptyBodies_nameNoOrg() {
        assertThat(parse("").org()).isEmpty();
        assertThat(parse("  \n").org()).isEmpty();
        assertThat(parse("{}").org()).isEmpty();
        assertThat(parse("{\"org\": null}").org()).isEmpty();
    }

    @Test
    void org_isTaken() {
        assertThat(parse("{\"org\": \"acme\"}").org()).isEqualTo(Optional.of("acme"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{\"org\": \"acme\", \"wait\": true}|Cannot start a run: unknown key \"wait\" (known keys: org)",
            "[\"acme\"]|Cannot start a run: the body must be a JSON object like {\"org\": \"acme\"}",
            "\"acme\"|Cannot start a run: the body must be a JSON object like {\"org\": \"acme\"}",
            "{\"org\": 7}|Cannot start a run: \"org\" must be a string, not 7",
            "{\"org\": [\"acme\"]}|Cannot start a run: \"org\" must be a string, not [\"acme\"]",
    })
    void badBodies_areUsageErrorsNamingTheProblem(String body, String message) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(UsageException.class).hasMessage(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {"../globex", "Acme", "acme/x", "a b"})
    void orgsBreakingTheNameRule_areRefused(String org) {
        assertThatThrownBy(() -> parse("{\"org\": \"" + org + "\"}")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot start a run: org '" + org + "' is not a valid name (");
    }

    @Test
    void emptyOrg_isRefused() {
        assertThatThrownBy(() -> parse("{\"org\": \"\"}")).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot start a run: org '' is not a valid name (");
    }

    @Test
    void oversizedBody_isRefusedBeforeParsing() {
        byte[] body = ("{\"org\": \"" + "a".repeat(5000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> StartRunRequest.parse(body)).isInstanceOf(UsageException.class)
                .hasMessage("Cannot start a run: the body has 5011 bytes (at most 4096; it is {\"org\": \"...\"} or empty)");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "{\"org\": ",
            "{\"org\": \"acme\", \"org\": \"globex\"}",
            "{\"org\": \"acme\"} {}",
            "{org: acme}",
    })
    void invalidJson_saysSo(String body) {
        assertThatThrownBy(() -> parse(body)).isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot start a run: the body is not valid JSON (");
    }
}
