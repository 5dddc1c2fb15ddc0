package dev.featurestore.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.featurestore.config.GroupConfig;
import dev.featurestore.version.VersionStore;
import dev.featurestore.testing.InMemoryObjectStore;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OpenApiDocumentTest {

    private static Router readRouter() {
        GroupSource none = new GroupSource() {
            @Override
            public GroupConfig group(String name) {
                throw new dev.featurestore.error.NotFoundException("Cannot find group '" + name + "'");
            }

            @Override
            public java.util.Collection<GroupConfig> all() {
                return List.of();
            }
        };
        QueryEngine unused = new QueryEngine() {
            @Override
            public RowCursor select(dev.featurestore.query.QueryPlan plan) {
                throw new UnsupportedOperationException();
            }

            @Override
            public RowCursor select(dev.featurestore.query.QueryPlan plan, List<String> ids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public ApiResponse parquet(dev.featurestore.query.QueryPlan plan) {
                throw new UnsupportedOperationException();
            }

            @Override
            public java.util.OptionalLong inlineRowCap() {
                return java.util.OptionalLong.empty();
            }
        };
        InMemoryObjectStore store = new InMemoryObjectStore();
        VersionStore versions = VersionStore.create(store);
        ReadService reads = new ReadService(none, versions, unused, CallerOrgs.EVERY_ORG);
        dev.featurestore.run.RunLauncher noRuns = new dev.featurestore.run.RunLauncher() {
            @Override
            public dev.featurestore.run.RunState start(GroupConfig group, String org) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.featurestore.run.RunState state(GroupConfig group, String run, java.util.function.Predicate<String> readable) {
                throw new UnsupportedOperationException();
            }
        };
        dev.featurestore.run.ReproductionLauncher noReproductions = new dev.featurestore.run.ReproductionLauncher() {
            @Override
            public dev.featurestore.run.ReproductionState start(GroupConfig group, dev.featurestore.version.Manifest recorded) {
                throw new UnsupportedOperationException();
            }

            @Override
            public dev.featurestore.run.ReproductionState state(GroupConfig group, String version, String reproduction,
                                                                java.util.function.Predicate<String> readable) {
                throw new UnsupportedOperationException();
            }
        };
        return RunRoutes.register(ReadRoutes.router(reads, new LookupRoutes(reads, none, new dev.featurestore.lookup.EntityLookup(store, versions),
                new dev.featurestore.trainingset.TrainingSets(store, versions), (plan, extras, rows) -> {
                    throw new UnsupportedOperationException();
                })), reads, none, versions, CallerOrgs.EVERY_ORG, noRuns, noReproductions);
    }

    @Test
    void everyReadAndRunRoute_isInTheDocument() {
        assertThat(OpenApiContract.operations())
                .containsAll(readRouter().routes().stream().map(Router.Route::toString).toList());
    }

    @Test
    void everyDocumentedPath_isARouteOfSomeRuntime() {
        List<String> routes = new java.util.ArrayList<>(readRouter().routes().stream().map(Router.Route::toString).toList());
        routes.add("GET /queries/{id}"); // AWS only, checked by LambdaConformanceTest
        assertThat(routes).containsExactlyInAnyOrderElementsOf(OpenApiContract.operations());
    }

    @Test
    void document_isOpenApi31_andEverySchemaIsAValidJsonSchema() {
        JsonNode doc = OpenApiContract.document();
        assertThat(doc.get("openapi").asText()).isEqualTo("3.1.0");
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
        JsonNode meta = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("$ref", "https://json-schema.org/draft/2020-12/schema");
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.get("components").get("schemas").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> schema = it.next();
            assertThat(registry.getSchema(meta).validate(schema.getValue())).as(schema.getKey()).isEmpty();
        }
    }

    @Test
    void contract_rejectsABodyThatDoesNotFitItsSchema() {
        byte[] withoutRowCount = ("{\"group\":\"g\",\"org\":\"o\",\"version\":\"v\",\"columns\":[],\"warnings\":[],"
                + "\"rows\":[]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] wrongErrorCode = "{\"error\":\"oops\",\"message\":\"m\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenApiContract.assertFits("POST", "/groups/{group}/features", 200,
                ApiResponse.JSON_TYPE, withoutRowCount)).isInstanceOf(AssertionError.class).hasMessageContaining("row_count");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OpenApiContract.assertFits("GET", "/groups", 404,
                ApiResponse.JSON_TYPE, wrongErrorCode)).isInstanceOf(AssertionError.class);
    }

    @Test
    void everyRefPointsAtADefinedSchemaOrResponse() {
        String text = OpenApi.document();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"\\$ref\" *: *\"#/components/(schemas|responses)/([A-Za-z0-9]+)\"").matcher(text);
        int refs = 0;
        while (m.find()) {
            refs++;
            assertThat(OpenApiContract.document().get("components").get(m.group(1)).has(m.group(2))).as(m.group()).isTrue();
        }
        assertThat(refs).isGreaterThan(10);
    }
}
