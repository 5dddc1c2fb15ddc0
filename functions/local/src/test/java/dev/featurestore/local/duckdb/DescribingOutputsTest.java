package dev.featurestore.local.duckdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.config.FunctionSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Describing a SQL function's columns for validate, with {{ params.NAME }} placeholders and comments. */
class DescribingOutputsTest {
    static DuckDb db;

    @BeforeAll
    static void open() {
        db = DuckDb.open(1);
        db.execute("CREATE VIEW orders AS SELECT 'c1' AS customer_id, 10.5 AS amount");
    }

    @AfterAll
    static void close() {
        db.close();
    }

    @Test
    void outputs_describesASqlFunctionWithParams_andATrailingComment() {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("big", "c/big.sql", "SELECT customer_id AS id, count(*) FILTER (WHERE amount >= "
                + "{{ params.gold_min }}) AS big_orders, {{ params.tier }} AS tier FROM orders GROUP BY 1; -- {{ params.x }}", Optional.empty());

        assertThat(new DescribingOutputs(db).outputs(fn).orElseThrow()).extracting(dev.featurestore.config.OutputColumn::name)
                .containsExactly("big_orders", "tier");
    }

    @Test
    void outputs_withoutAnIdColumn_namesTheFix() {
        FunctionSpec.Sql fn = new FunctionSpec.Sql("noid", "c/noid.sql", "SELECT {{ params.a }} AS a", Optional.empty());

        assertThatThrownBy(() -> new DescribingOutputs(db).outputs(fn))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SQL function 'noid' returns no 'id' column (select the entity key AS id)");
    }
}
