package dev.featurestore.query;

import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.Schema;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Seeded random filter trees and row values over {@link TestSchemas#ALL_TYPES}, drawn from small domains so
 * that predicates both hit and miss and values collide with literals.
 */
final class RandomFilters {
    static final String[] STRINGS = {"a", "b", "ab", "a%b", "a_b", "o'x", "", "é", "A", "abc", "b\\c", "Zz"};
    static final String[] PATTERNS = {"a%", "%b", "_", "%", "a\\%b", "%'%", "", "a_", "\\_%", "%\\\\%", "é%", "_b%"};

    private final Random random;
    private final Schema schema;

    RandomFilters(long seed, Schema schema) {
        this.random = new Random(seed);
        this.schema = schema;
    }

    Random random() {
        return random;
    }

    Expr expr(int depth) {
        int choice = depth <= 0 ? 3 + random.nextInt(6) : random.nextInt(9);
        return switch (choice) {
            case 0 -> Expr.and(children(depth));
            case 1 -> Expr.or(children(depth));
            case 2 -> new Expr.Not(expr(depth - 1));
            default -> predicate();
        };
    }

    private List<Expr> children(int depth) {
        int n = 2 + random.nextInt(3);
        List<Expr> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(expr(depth - 1));
        }
        return out;
    }

    Expr predicate() {
        Field field = schema.fields().get(random.nextInt(schema.size()));
        String name = field.name();
        FieldType type = field.type();
        int kind = random.nextInt(type.kind() == dev.featurestore.types.TypeKind.STRING ? 6 : 5);
        return switch (kind) {
            case 0, 1 -> new Expr.Compare(name, CompareOp.values()[random.nextInt(CompareOp.values().length)], literal(type));
            case 2 -> {
                List<Literal> values = new ArrayList<>();
                int n = 1 + random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    values.add(literal(type));
                }
                yield new Expr.In(name, values, random.nextBoolean());
            }
            case 3 -> new Expr.Between(name, literal(type), literal(type), random.nextBoolean());
            case 4 -> new Expr.IsNull(name, random.nextBoolean());
            default -> new Expr.Like(name, PATTERNS[random.nextInt(PATTERNS.length)], random.nextBoolean());
        };
    }

    Literal literal(FieldType type) {
        return Literal.of(type, value(type));
    }

    /** A non-null value of the type from the shared small domain. */
    Object value(FieldType type) {
        return switch (type.kind()) {
            case STRING -> STRINGS[random.nextInt(STRINGS.length)];
            case BOOLEAN -> random.nextBoolean();
            case INT -> random.nextInt(7) - 3;
            case BIGINT -> random.nextInt(10) == 0 ? (random.nextBoolean() ? Long.MAX_VALUE : -4_000_000_000L)
                    : (long) random.nextInt(7) - 3;
            case FLOAT -> (random.nextInt(17) - 8) * 0.25f;
            case DOUBLE -> random.nextInt(10) == 0 ? 1.0e10 : (random.nextInt(17) - 8) * 0.5;
            case DECIMAL -> BigDecimal.valueOf(random.nextInt(17) - 8, 2)
                    .setScale(random.nextInt(3) == 0 ? 3 : 2);
            case DATE -> LocalDate.of(2024, 1, 1).plusDays(random.nextInt(5));
            case TIMESTAMP -> Instant.parse("2024-01-01T00:00:00Z").plusSeconds(1800L * random.nextInt(8))
                    .plusNanos(random.nextInt(4) == 0 ? 1000L * random.nextInt(1_000_000) : 0);
        };
    }
}
