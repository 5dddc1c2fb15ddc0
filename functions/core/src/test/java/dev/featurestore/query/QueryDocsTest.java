package dev.featurestore.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.error.QueryException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The error examples in docs/query.md are real: each is exactly what the parser says for that filter. */
class QueryDocsTest {

    @Test
    void errorExamplesInTheDocsAreTheParsersMessages() throws IOException {
        Path docs = Path.of("../../docs/query.md");
        List<String> examples = Files.readAllLines(docs).stream()
                .filter(l -> l.startsWith("Cannot parse filter \"") || l.startsWith("Cannot use filter \""))
                .toList();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        for (String message : examples) {
            int start = message.indexOf('"') + 1;
            String filter = message.substring(start, message.indexOf("\": ", start));
            assertThatThrownBy(() -> FilterParser.parse(filter, TestSchemas.CUSTOMER))
                    .as(filter).isInstanceOf(QueryException.class).hasMessage(message);
        }
    }
}
