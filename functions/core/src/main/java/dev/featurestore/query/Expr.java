package dev.featurestore.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed, type-checked filter: the only form in which a user's filter reaches SQL (see {@link SqlRenderer}).
 * Field names are schema field names (or {@code id}); literals are typed to their field.
 *
 * <p>{@link And} and {@link Or} are n-ary and flat (an {@code And} never holds an {@code And}), so a chain of
 * a thousand ANDs renders as one flat list instead of a thousand nested parentheses; build them with
 * {@link #and} / {@link #or}.
 */
public sealed interface Expr {

    record And(List<Expr> operands) implements Expr {
        public And {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("Cannot create AND of " + operands.size() + " operand(s): need 2 or more");
            }
            for (Expr e : operands) {
                if (e instanceof And) {
                    throw new IllegalArgumentException("Cannot nest AND directly in AND: use Expr.and() to flatten");
                }
            }
        }
    }

    record Or(List<Expr> operands) implements Expr {
        public Or {
            operands = List.copyOf(operands);
            if (operands.size() < 2) {
                throw new IllegalArgumentException("Cannot create OR of " + operands.size() + " operand(s): need 2 or more");
            }
            for (Expr e : operands) {
                if (e instanceof Or) {
                    throw new IllegalArgumentException("Cannot nest OR directly in OR: use Expr.or() to flatten");
                }
            }
        }
    }

    record Not(Expr operand) implements Expr {
        public Not {
            Objects.requireNonNull(operand, "operand");
        }
    }

    /** {@code field op literal}. */
    record Compare(String field, CompareOp op, Literal value) implements Expr {
        public Compare {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code field [NOT] IN (literal, ...)}. */
    record In(String field, List<Literal> values, boolean negated) implements Expr {
        public In {
            Objects.requireNonNull(field, "field");
            values = List.copyOf(values);
            if (values.isEmpty()) {
                throw new IllegalArgumentException("Cannot create IN with an empty list");
            }
        }
    }

    /** {@code field [NOT] BETWEEN low AND high} (inclusive, as in SQL). */
    record Between(String field, Literal low, Literal high, boolean negated) implements Expr {
        public Between {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(low, "low");
            Objects.requireNonNull(high, "high");
        }
    }

    /** {@code field IS [NOT] NULL}. */
    record IsNull(String field, boolean negated) implements Expr {
        public IsNull {
            Objects.requireNonNull(field, "field");
        }
    }

    /**
     * {@code field [NOT] LIKE 'pattern'}: {@code %} any run, {@code _} one character, backslash escapes
     * {@code %}, {@code _} or itself (validated by the parser, rendered with {@code ESCAPE '\'}).
     */
    record Like(String field, String pattern, boolean negated) implements Expr {
        public Like {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(pattern, "pattern");
        }
    }

    /** The conjunction of the operands, flattened; one operand is returned as is. */
    static Expr and(List<Expr> operands) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : operands) {
            if (e instanceof And a) {
                flat.addAll(a.operands());
            } else {
                flat.add(e);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new And(flat);
    }

    static Expr and(Expr... operands) {
        return and(List.of(operands));
    }

    /** The disjunction of the operands, flattened; one operand is returned as is. */
    static Expr or(List<Expr> operands) {
        List<Expr> flat = new ArrayList<>();
        for (Expr e : operands) {
            if (e instanceof Or o) {
                flat.addAll(o.operands());
            } else {
                flat.add(e);
            }
        }
        return flat.size() == 1 ? flat.get(0) : new Or(flat);
    }

    static Expr or(Expr... operands) {
        return or(List.of(operands));
    }

    /** The names of the fields this expression reads, in first-use order, without duplicates. */
    default List<String> fields() {
        List<String> out = new ArrayList<>();
        collectFields(this, out);
        return out;
    }

    private static void collectFields(Expr e, List<String> out) {
        String f = switch (e) {
            case And a -> {
                a.operands().forEach(o -> collectFields(o, out));
                yield null;
            }
            case Or o -> {
                o.operands().forEach(x -> collectFields(x, out));
                yield null;
            }
            case Not n -> {
                collectFields(n.operand(), out);
                yield null;
            }
            case Compare c -> c.field();
            case In i -> i.field();
            case Between b -> b.field();
            case IsNull n -> n.field();
            case Like l -> l.field();
        };
        if (f != null && !out.contains(f)) {
            out.add(f);
        }
    }
}
