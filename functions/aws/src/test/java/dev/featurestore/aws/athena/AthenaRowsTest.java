package dev.featurestore.aws.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.function.SourceRows;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.athena.AthenaClient;
import software.amazon.awssdk.services.athena.model.ColumnInfo;
import software.amazon.awssdk.services.athena.model.Datum;
import software.amazon.awssdk.services.athena.model.GetQueryResultsRequest;
import software.amazon.awssdk.services.athena.model.GetQueryResultsResponse;
import software.amazon.awssdk.services.athena.model.Row;

/** Paging through GetQueryResults (moto answers in one page, so a fake client plays Athena's NextToken). */
class AthenaRowsTest {

    /** Athena's pages: the header row only on the first page, then a token until the last page. */
    private static final class PagedAthena implements AthenaClient {
        final List<GetQueryResultsRequest> requests = new ArrayList<>();

        @Override
        public GetQueryResultsResponse getQueryResults(GetQueryResultsRequest request) {
            requests.add(request);
            String token = request.nextToken();
            List<Row> rows = new ArrayList<>();
            String next;
            if (token == null) {
                rows.add(row("id"));
                rows.add(row("a"));
                next = "t1";
            } else if (token.equals("t1")) {
                rows.add(row("b"));
                rows.add(row("c"));
                next = "t2";
            } else {
                next = null; // an empty last page happens too
            }
            return GetQueryResultsResponse.builder().nextToken(next).resultSet(r -> r.rows(rows)
                    .resultSetMetadata(m -> m.columnInfo(ColumnInfo.builder().name("id").type("varchar").build()))).build();
        }

        private static Row row(String value) {
            return Row.builder().data(Datum.builder().varCharValue(value).build()).build();
        }

        @Override
        public String serviceName() {
            return "athena";
        }

        @Override
        public void close() {
        }
    }

    @Test
    void next_followsNextToken_andSkipsTheHeaderOnlyOnTheFirstPage() {
        PagedAthena athena = new PagedAthena();
        List<String> ids = new ArrayList<>();

        try (SourceRows rows = new AthenaRows(athena, "q-1", 2)) {
            while (rows.next()) {
                ids.add(rows.getString("id"));
            }
        }

        assertThat(ids).containsExactly("a", "b", "c");
        assertThat(athena.requests).extracting(GetQueryResultsRequest::nextToken).containsExactly(null, "t1", "t2");
        assertThat(athena.requests).allSatisfy(r -> {
            assertThat(r.queryExecutionId()).isEqualTo("q-1");
            assertThat(r.maxResults()).isEqualTo(2);
        });
    }
}
