package dev.featurestore.merge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.parquet.ParquetPartialWriter;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Property-style: random partials (every type, nulls, empty partials, disjoint / identical / overlapping id
 * sets, unicode ids, tiny row groups, more buckets than rows) merged and compared with a naive in-memory join.
 */
class MergerPropertyTest {

    private static final List<FieldType> TYPES = List.of(FieldType.STRING, FieldType.BOOLEAN, FieldType.INT,
            FieldType.BIGINT, FieldType.FLOAT, FieldType.DOUBLE, FieldType.decimal(9, 2), FieldType.decimal(18, 4),
            FieldType.decimal(30, 6), FieldType.DATE, FieldType.TIMESTAMP);

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void mergeEqualsNaiveJoin_whenPartialsAreRandom(long seed) throws Exception {
        Random rnd = new Random(seed);
        int universe = rnd.nextInt(4) == 0 ? rnd.nextInt(5) : rnd.nextInt(3000);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < universe; i++) {
            ids.add(rnd.nextInt(5) == 0 ? "ü-日本-🎉-" + i : "c" + i);
        }
        int k = 1 + rnd.nextInt(4);
        List<Field> fields = new ArrayList<>();
        List<List<Field>> perPartial = new ArrayList<>();
        for (int p = 0; p < k; p++) {
            List<Field> own = new ArrayList<>();
            int n = rnd.nextInt(5);
            for (int j = 0; j < n; j++) {
                Field f = new Field("p" + p + "_f" + j, TYPES.get(rnd.nextInt(TYPES.size())));
                own.add(f);
                fields.add(f);
            }
            perPartial.add(own);
        }
        Collections.shuffle(fields, rnd);
        Schema schema = new Schema(fields);

        Map<String, Map<String, Object>> expected = new HashMap<>();
        List<Partial> partials = new ArrayList<>();
        String mode = List.of("random", "identical", "disjoint", "empty-one").get(rnd.nextInt(4));
        for (int p = 0; p < k; p++) {
            List<String> mine = new ArrayList<>();
            for (int i = 0; i < ids.size(); i++) {
                boolean take = switch (mode) {
                    case "identical" -> true;
                    case "disjoint" -> i % k == p;
                    case "empty-one" -> p != 0 && rnd.nextBoolean();
                    default -> rnd.nextDouble() < 0.7;
                };
                if (take) {
                    mine.add(ids.get(i));
                }
            }
            Collections.shuffle(mine, rnd);
            Schema own = new Schema(perPartial.get(p));
            Path file = tmp.resolve("fn" + p + ".parquet");
            try (ParquetPartialWriter w = ParquetPartialWriter.create(file, own, 1 + rnd.nextInt(700))) {
                for (String id : mine) {
                    Object[] values = new Object[own.size()];
                    Map<String, Object> row = expected.computeIfAbsent(id, x -> new HashMap<>());
                    for (int j = 0; j < values.length; j++) {
                        Field f = own.fields().get(j);
                        values[j] = rnd.nextInt(5) == 0 ? null : randomValue(f.type(), rnd);
                        row.put(f.name(), values[j]);
                    }
                    w.write(id, values);
                }
            }
            partials.add(new Partial("fn" + p, file));
        }

        int buckets = 1 + rnd.nextInt(universe < 50 ? universe * 2 + 3 : 64);
        int threads = 1 + rnd.nextInt(3);
        Path out = tmp.resolve("out");
        MergeRequest request = new MergeRequest(schema, partials, out, tmp.resolve("spill"), threads, ColumnObserver.Factory.NONE);
        MergeResult result = Merger.merge(request, buckets);

        Map<String, Map<String, Object>> actual = MergeTesting.readById(result, schema);
        assertThat(result.rows()).isEqualTo(expected.size());
        assertThat(actual).hasSize(expected.size());
        for (Map.Entry<String, Map<String, Object>> e : expected.entrySet()) {
            Map<String, Object> want = new LinkedHashMap<>();
            want.put(Schema.ID, e.getKey());
            for (Field f : schema.fields()) {
                want.put(f.name(), e.getValue().get(f.name()));
            }
            assertThat(actual.get(e.getKey())).as("row %s (seed %s)", e.getKey(), seed).isEqualTo(want);
        }
        assertThat(MergeTesting.list(tmp.resolve("spill"))).isEmpty();
        assertThat(Files.list(out).map(p -> p.getFileName().toString()).toList()).allMatch(n -> n.matches("part-\\d+\\.parquet"));
    }

    @Test
    void mergeWritesOneEmptyFile_whenEveryPartialIsEmpty() throws Exception {
        Schema schema = Schema.of(new Field("a", FieldType.BIGINT));
        Path file = tmp.resolve("fn.parquet");
        ParquetPartialWriter.create(file, schema).close();
        MergeResult result = Merger.merge(MergeRequest.of(schema, List.of(new Partial("fn", file)), tmp.resolve("out"), tmp));
        assertThat(result.rows()).isZero();
        assertThat(result.files()).hasSize(1);
        assertThat(MergeTesting.readById(result, schema)).isEmpty();
    }

    static Object randomValue(FieldType type, Random rnd) {
        return switch (type.kind()) {
            case STRING -> rnd.nextInt(10) == 0 ? "" : "s" + rnd.nextInt(50) + (rnd.nextBoolean() ? "é" : "");
            case BOOLEAN -> rnd.nextBoolean();
            case INT -> rnd.nextBoolean() ? rnd.nextInt() : rnd.nextInt(10);
            case BIGINT -> rnd.nextBoolean() ? rnd.nextLong() : (1L << 53) + rnd.nextInt(10);
            case FLOAT -> rnd.nextFloat() * 1000 - 500;
            case DOUBLE -> rnd.nextInt(20) == 0 ? Double.NaN : rnd.nextGaussian() * 1e6;
            case DECIMAL -> new BigDecimal(new BigInteger(type.precision() * 3, rnd).mod(BigInteger.TEN.pow(type.precision()))
                    .multiply(BigInteger.valueOf(rnd.nextBoolean() ? 1 : -1)), type.scale());
            case DATE -> LocalDate.ofEpochDay(rnd.nextInt(40000) - 10000);
            case TIMESTAMP -> Instant.ofEpochSecond(rnd.nextInt(2_000_000_000) - 500_000_000L, rnd.nextInt(1_000_000) * 1000L);
        };
    }
}
