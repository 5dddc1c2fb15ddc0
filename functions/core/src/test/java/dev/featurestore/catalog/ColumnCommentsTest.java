package dev.featurestore.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.config.Docs;
import dev.featurestore.config.GroupDocs;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ColumnCommentsTest {

    @Test
    void comment_isTheDescription_thenUnitOwnerTagsAndPii() {
        assertThat(ColumnComments.of(new Docs("Orders since signup", "growth", List.of("activity", "orders"), "orders", true)))
                .isEqualTo("Orders since signup (unit: orders; owner: growth; tags: activity, orders; PII)");
        assertThat(ColumnComments.of(Docs.describing("Age in years"))).isEqualTo("Age in years");
        assertThat(ColumnComments.of(new Docs("", "", List.of(), "eur", false))).isEqualTo("unit: eur");
        assertThat(ColumnComments.of(Docs.NONE)).isEmpty();
        assertThat(ColumnComments.of(Docs.describing("   "))).isEmpty();
    }

    @Test
    void comment_replacesLineBreaksAndControlCharacters_withOneSpace() {
        assertThat(ColumnComments.of(Docs.describing("Line one\nline two\r\n\tand\u0000three\u2028four\n")))
                .isEqualTo("Line one line two and three four");
    }

    @Test
    void comment_longerThanGluesLimit_isCutWithAnEllipsis_atExactly255Characters() {
        String exact = "a".repeat(255);
        String longer = "b".repeat(300);

        assertThat(ColumnComments.of(Docs.describing(exact))).isEqualTo(exact);
        assertThat(ColumnComments.of(Docs.describing(exact + "c"))).hasSize(255).isEqualTo("a".repeat(254) + "…");
        assertThat(ColumnComments.of(Docs.describing(longer))).hasSize(255).endsWith("b…");
        assertThat(ColumnComments.of(new Docs("x".repeat(250), "", List.of(), "metres", false)))
                .isEqualTo("x".repeat(250) + " (un…");
    }

    @Test
    void comment_isNeverCutInsideACharacterOfTwoUtf16Units() {
        String rockets = "a".repeat(253) + "🚀🚀"; // the first rocket takes units 253 and 254

        String comment = ColumnComments.of(Docs.describing(rockets));

        assertThat(comment).isEqualTo("a".repeat(253) + "…");
        assertThat(comment.codePoints().allMatch(Character::isValidCodePoint)).isTrue();
    }

    @Test
    void of_givesACommentToEachDocumentedField_inSchemaOrder_andNoneToTheOthers() {
        GroupDocs docs = new GroupDocs(Docs.NONE, Map.of("orders", Docs.describing("Orders"), "age", Docs.describing("Age")), Map.of());
        Schema schema = Schema.of(new Field("age", FieldType.INT), new Field("gender", FieldType.STRING), new Field("orders", FieldType.BIGINT));

        assertThat(ColumnComments.of(docs, schema)).containsExactly(Map.entry("age", "Age"), Map.entry("orders", "Orders"));
    }
}
