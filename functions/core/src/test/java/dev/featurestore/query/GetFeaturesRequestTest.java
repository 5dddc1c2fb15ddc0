package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.ErrorKind;
import dev.featurestore.error.TooLargeException;
import dev.featurestore.error.UsageException;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class GetFeaturesRequestTest {

    private static void assertRejected(String body, String message) {
        assertThatThrownBy(() -> GetFeaturesRequest.parse(body))
                .isInstanceOf(UsageException.class)
                .hasMessage(message);
    }

    @Test
    void parsesEveryKey() {
        GetFeaturesRequest r = GetFeaturesRequest.parse("""
                {"features": ["distance", "gender"], "exclude": ["*"], "filters": ["age >= 30"],
                 "org": "acme", "version": "20261124T031500Z-3f9a", "as_of": "2026-11-24T03:15:00Z",
                 "limit": 100, "format": "parquet"}""");
        assertThat(r).isEqualTo(new GetFeaturesRequest(List.of("distance", "gender"), List.of("*"),
                List.of("age >= 30"), Optional.of("acme"), Optional.of("20261124T031500Z-3f9a"),
                Optional.of(Instant.parse("2026-11-24T03:15:00Z")), OptionalLong.of(100),
                Optional.of(ResultFormat.PARQUET)));
    }

    @Test
    void acceptsCommaStringsForNames_andOneStringForFilters() {
        GetFeaturesRequest r = GetFeaturesRequest.parse(
                "{\"features\": \"distance, gender\", \"exclude\": \"*\", \"filters\": \"age IN (1, 2)\"}");
        assertThat(r.features()).containsExactly("distance", "gender");
        assertThat(r.exclude()).containsExactly("*");
        assertThat(r.filters()).containsExactly("age IN (1, 2)");
    }

    @Test
    void returnsDefaults_forEmptyBodyOrNulls() {
        assertThat(GetFeaturesRequest.parse("")).isEqualTo(GetFeaturesRequest.empty());
        assertThat(GetFeaturesRequest.parse("{\"features\": null, \"limit\": null}")).isEqualTo(GetFeaturesRequest.empty());
    }

    @Test
    void readsAsOfDatesAndZonelessTimestampsAsUtc() {
        assertThat(GetFeaturesRequest.parse("{\"as_of\": \"2026-11-24\"}").asOf())
                .contains(Instant.parse("2026-11-24T00:00:00Z"));
        assertThat(GetFeaturesRequest.parse("{\"as_of\": \"2026-11-24 03:15:00\"}").asOf())
                .contains(Instant.parse("2026-11-24T03:15:00Z"));
        assertThat(GetFeaturesRequest.parse("{\"as_of\": \"2026-11-24T05:15:00+02:00\"}").asOf())
                .contains(Instant.parse("2026-11-24T03:15:00Z"));
    }

    @Test
    void buildsTheQuery_withTheBodyFormatOrTheFallback() {
        FeatureQuery q = GetFeaturesRequest.parse("{\"features\": [\"age\"], \"limit\": 5}")
                .toQuery("customer", "acme", ResultFormat.CSV);
        assertThat(q).isEqualTo(FeatureQuery.builder("customer", "acme").features("age").limit(5)
                .format(ResultFormat.CSV).build());
    }

    @Test
    void rejectsUnknownKey_listingTheKnownKeys() {
        assertRejected("{\"filter\": \"age > 1\"}", "Cannot read request: unknown key \"filter\" (known keys: "
                + "features, exclude, filters, org, version, as_of, limit, format, consumer)");
    }

    @Test
    void rejectsDuplicateKey() {
        assertThatThrownBy(() -> GetFeaturesRequest.parse("{\"org\": \"a\", \"org\": \"b\"}"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot read request: the body is not valid JSON at line 1, column ")
                .hasMessageContaining("Duplicate field 'org'");
    }

    @Test
    void rejectsMalformedJson_withLineAndColumn() {
        assertThatThrownBy(() -> GetFeaturesRequest.parse("{\"features\": [\"a\",}"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot read request: the body is not valid JSON at line 1, column 19 (");
    }

    @Test
    void rejectsTrailingContent() {
        assertThatThrownBy(() -> GetFeaturesRequest.parse("{} {}"))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("Cannot read request: the body is not valid JSON");
    }

    @Test
    void rejectsNonObjectBody() {
        assertRejected("[\"age\"]", "Cannot read request: the body must be a JSON object such as {\"features\": [\"age\"], "
                + "\"filters\": [\"age >= 30\"]}, not a list ([\"age\"])");
    }

    @Test
    void rejectsWrongJsonTypes_namingTheKey() {
        assertRejected("{\"features\": 5}", "Cannot read request: \"features\" must be a list of field names or globs, "
                + "e.g. [\"age\", \"dist*\"], or a comma-separated string, not a number (5)");
        assertRejected("{\"filters\": [1]}", "Cannot read request: \"filters\" must be a list of strings, not a number (1)");
        assertRejected("{\"org\": {\"a\": 1}}", "Cannot read request: \"org\" must be a string, not an object ({\"a\":1})");
        assertRejected("{\"limit\": \"10\"}", "Cannot read request: \"limit\" must be a whole number >= 0, not a string (\"10\")");
        assertRejected("{\"limit\": 1.5}", "Cannot read request: \"limit\" must be a whole number >= 0, not a number (1.5)");
    }

    @Test
    void rejectsNegativeLimit() {
        assertRejected("{\"limit\": -1}", "Cannot read request: \"limit\" is -1 (need a whole number >= 0)");
    }

    @Test
    void rejectsUnknownFormat() {
        assertRejected("{\"format\": \"xml\"}", "Cannot read request: unknown format \"xml\" (use json, csv or parquet)");
    }

    @Test
    void rejectsPathLikeVersionAndOrg() {
        assertRejected("{\"version\": \"../../etc\"}", "Cannot read request: \"version\": version '../../etc' is not a valid "
                + "name (a version id like 20261124T031500Z-3f9a)");
        assertRejected("{\"org\": \"a/b\"}", "Cannot read request: \"org\": org 'a/b' is not a valid name (lowercase letters, "
                + "digits, _ and -, starting with a letter or digit, at most 63)");
    }

    @Test
    void rejectsBadAsOf() {
        assertRejected("{\"as_of\": \"yesterday\"}", "Cannot read request: \"as_of\" is \"yesterday\", not an ISO-8601 "
                + "date or timestamp (e.g. 2026-11-24T03:15:00Z; no zone means UTC)");
    }

    @Test
    void rejectsOversizedBody_as413() {
        byte[] body = new byte[GetFeaturesRequest.MAX_BODY_BYTES + 1];
        assertThatThrownBy(() -> GetFeaturesRequest.parse(body))
                .isInstanceOf(TooLargeException.class)
                .hasMessage("Cannot read request: the body is 1048577 bytes, at most 1048576 allowed "
                        + "(send fewer or shorter filters)")
                .extracting(e -> ((TooLargeException) e).kind()).isEqualTo(ErrorKind.TOO_LARGE);
        assertThatThrownBy(() -> GetFeaturesRequest.readBody(new ByteArrayInputStream(body)))
                .isInstanceOf(TooLargeException.class)
                .hasMessage("Cannot read request: the body is over 1048576 bytes (send fewer or shorter filters)");
        assertThat(GetFeaturesRequest.readBody(new ByteArrayInputStream(new byte[10]))).hasSize(10);
    }

    @Test
    void takesTheFormatFromTheBody_elseFromTheAcceptHeader() {
        assertThat(GetFeaturesRequest.parse("{\"format\": \"csv\"}").format("application/vnd.apache.parquet"))
                .isEqualTo(ResultFormat.CSV);
        assertThat(GetFeaturesRequest.empty().format("application/vnd.apache.parquet")).isEqualTo(ResultFormat.PARQUET);
        assertThat(GetFeaturesRequest.empty().format("text/html, text/csv;q=0.9")).isEqualTo(ResultFormat.CSV);
        assertThat(GetFeaturesRequest.empty().format("*/*")).isEqualTo(ResultFormat.JSON);
        assertThat(GetFeaturesRequest.empty().format(null)).isEqualTo(ResultFormat.JSON);
    }
}
