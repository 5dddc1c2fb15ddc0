package dev.featurestore.query;

import dev.featurestore.error.QueryException;
import dev.featurestore.query.Token.Kind;
import dev.featurestore.types.Field;
import dev.featurestore.types.FieldType;
import dev.featurestore.types.TypeKind;
import dev.featurestore.types.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Parses the filter language (docs/query.md) into a type-checked {@link Expr}: a hand-written recursive
 * descent over {@link FilterLexer} tokens. Nothing of the text survives except field names checked against the
 * schema and literals converted to typed values, so the rendered SQL cannot contain anything the grammar does
 * not describe.
 *
 * <pre>
 * filter    = or EOF
 * or        = and { OR and }
 * and       = unary { AND unary }
 * unary     = NOT unary | "(" or ")" | predicate
 * predicate = field ( op literal | [NOT] IN "(" literal { "," literal } ")"
 *                   | [NOT] BETWEEN literal AND literal | IS [NOT] NULL | [NOT] LIKE string )
 * </pre>
 */
public final class FilterParser {
    /** Longest filter, in characters. */
    public static final int MAX_LENGTH = 10_000;
    /** Most filters in one request (they are ANDed). */
    public static final int MAX_FILTERS = 100;
    /** Longest total length of all filters of one request, in characters. */
    public static final int MAX_TOTAL_LENGTH = 20_000;
    /** Deepest nesting of parentheses and NOT. */
    public static final int MAX_DEPTH = 50;
    /** Most literals in one IN list. */
    public static final int MAX_IN_LIST = 1_000;

    /** Words with a meaning in the grammar; a field with one of these names must be double-quoted. */
    static final Set<String> RESERVED = Set.of("AND", "OR", "NOT", "IN", "IS", "NULL", "LIKE", "BETWEEN",
            "TRUE", "FALSE", "ESCAPE");

    private static final String EXPECTED_OPERATOR =
            "an operator: =, !=, <>, <, <=, >, >=, IN, NOT IN, BETWEEN, NOT BETWEEN, IS NULL, IS NOT NULL, LIKE, NOT LIKE";
    private static final String EXPECTED_LITERAL =
            "a literal: a number, a 'string', TRUE, FALSE, DATE 'YYYY-MM-DD' or TIMESTAMP 'YYYY-MM-DD HH:MM:SS'";

    private final String text;
    private final Schema schema;
    private final FilterLexer lexer;
    private Token token;
    private int depth;

    private FilterParser(String text, Schema schema) {
        this.text = text;
        this.schema = schema;
        this.lexer = new FilterLexer(text);
    }

    /** Parses one filter against the fields of a group; throws {@link QueryException} with the position. */
    public static Expr parse(String filter, Schema schema) {
        if (filter.length() > MAX_LENGTH) {
            throw FilterText.syntax(filter, "it is " + filter.length() + " characters long, over the limit of "
                    + MAX_LENGTH + " at position " + (MAX_LENGTH + 1) + " (split it into several filters, they are ANDed)");
        }
        if (filter.isBlank()) {
            throw FilterText.syntax(filter, "it is empty (write a condition such as age >= 30, or leave the filter out)");
        }
        FilterParser parser = new FilterParser(filter, schema);
        parser.advance();
        Expr e = parser.or();
        if (parser.token.kind() != Kind.END) {
            throw parser.unexpected(parser.token.kind() == Kind.RPAREN
                    ? "AND, OR or the end of the filter (this ')' has no matching '(')"
                    : "AND, OR or the end of the filter");
        }
        return e;
    }

    /** Parses every filter and ANDs them; empty when there are none. */
    public static Optional<Expr> parseAll(List<String> filters, Schema schema) {
        if (filters.size() > MAX_FILTERS) {
            throw new QueryException("Cannot use " + filters.size() + " filters: at most " + MAX_FILTERS
                    + " allowed (combine conditions with AND/OR inside fewer filters)");
        }
        long total = 0;
        for (String f : filters) {
            total += f.length();
        }
        if (total > MAX_TOTAL_LENGTH) {
            throw new QueryException("Cannot use filters of " + total + " characters in total: at most "
                    + MAX_TOTAL_LENGTH + " allowed");
        }
        List<Expr> parsed = new ArrayList<>(filters.size());
        for (String f : filters) {
            parsed.add(parse(f, schema));
        }
        return parsed.isEmpty() ? Optional.empty() : Optional.of(Expr.and(parsed));
    }

    private Expr or() {
        List<Expr> operands = new ArrayList<>();
        operands.add(and());
        while (token.isWord("OR")) {
            advance();
            operands.add(and());
        }
        return Expr.or(operands);
    }

    private Expr and() {
        List<Expr> operands = new ArrayList<>();
        operands.add(unary());
        while (token.isWord("AND")) {
            advance();
            operands.add(unary());
        }
        return Expr.and(operands);
    }

    private Expr unary() {
        if (token.isWord("NOT")) {
            enter();
            advance();
            Expr operand = unary();
            depth--;
            return new Expr.Not(operand);
        }
        if (token.kind() == Kind.LPAREN) {
            enter();
            advance();
            Expr inner = or();
            if (token.kind() != Kind.RPAREN) {
                throw unexpected("AND, OR or ')'");
            }
            advance();
            depth--;
            return inner;
        }
        if (isFieldName(token)) {
            return predicate();
        }
        if (token.kind() == Kind.WORD) {
            throw FilterText.syntax(text, "unexpected keyword " + token.raw() + " at position " + position(token)
                    + " (expected a field name, NOT or '('; a field named " + token.raw()
                    + " must be written in double quotes: \"" + token.raw() + "\")");
        }
        throw unexpected("a field name, NOT or '('");
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw FilterText.syntax(text, "nesting deeper than " + MAX_DEPTH + " levels of parentheses or NOT at position "
                    + position(token) + " (simplify the condition)");
        }
    }

    private Expr predicate() {
        Token nameToken = token;
        String name = token.kind() == Kind.WORD ? token.raw() : token.value();
        advance();
        if (nameToken.kind() == Kind.WORD && token.kind() == Kind.LPAREN) {
            throw FilterText.syntax(text, "function calls are not supported: " + nameToken.raw() + "( at position "
                    + position(nameToken) + " (a condition compares a field with literals, e.g. age >= 30)");
        }
        FieldType type = fieldType(name, nameToken);
        if (token.kind() == Kind.OPERATOR) {
            CompareOp op = switch (token.value()) {
                case "=" -> CompareOp.EQ;
                case "!=", "<>" -> CompareOp.NE;
                case "<" -> CompareOp.LT;
                case "<=" -> CompareOp.LE;
                case ">" -> CompareOp.GT;
                case ">=" -> CompareOp.GE;
                default -> throw new IllegalStateException(token.value());
            };
            Token opToken = token;
            advance();
            if (token.isWord("NULL")) {
                throw FilterText.syntax(text, "comparison with NULL at position " + position(token) + " (write "
                        + name + (op == CompareOp.NE ? " IS NOT NULL" : " IS NULL")
                        + "; " + opToken.raw() + " NULL is never true in SQL)");
            }
            return new Expr.Compare(name, op, literal(name, type));
        }
        if (token.isWord("IS")) {
            advance();
            boolean negated = false;
            if (token.isWord("NOT")) {
                negated = true;
                advance();
            }
            if (!token.isWord("NULL")) {
                throw unexpected("NULL");
            }
            advance();
            return new Expr.IsNull(name, negated);
        }
        boolean negated = false;
        if (token.isWord("NOT")) {
            negated = true;
            advance();
            if (!token.isWord("IN") && !token.isWord("BETWEEN") && !token.isWord("LIKE")) {
                throw unexpected("IN, BETWEEN or LIKE after NOT");
            }
        }
        if (token.isWord("IN")) {
            advance();
            if (token.kind() != Kind.LPAREN) {
                throw unexpected("'(' to start the IN list");
            }
            Token open = token;
            advance();
            if (token.kind() == Kind.LPAREN || token.isWord("SELECT")) {
                throw unexpected("a literal; subqueries are not supported");
            }
            List<Literal> values = new ArrayList<>();
            while (true) {
                if (values.size() == MAX_IN_LIST) {
                    throw FilterText.syntax(text, "the IN list at position " + position(open) + " has more than "
                            + MAX_IN_LIST + " values (at most " + MAX_IN_LIST + " allowed)");
                }
                values.add(literal(name, type));
                if (token.kind() == Kind.COMMA) {
                    advance();
                    continue;
                }
                if (token.kind() == Kind.RPAREN) {
                    advance();
                    break;
                }
                throw unexpected("',' or ')' in the IN list");
            }
            return new Expr.In(name, values, negated);
        }
        if (token.isWord("BETWEEN")) {
            advance();
            Literal low = literal(name, type);
            if (!token.isWord("AND")) {
                throw unexpected("AND of BETWEEN ... AND ...");
            }
            advance();
            Literal high = literal(name, type);
            return new Expr.Between(name, low, high, negated);
        }
        if (token.isWord("LIKE")) {
            Token likeToken = token;
            if (type.kind() != TypeKind.STRING) {
                throw FilterText.semantic(text, "LIKE at position " + position(likeToken) + " needs a string field, but "
                        + Literals.quoted(name) + " is " + type.sqlName() + " (use =, <, >, BETWEEN or IN)");
            }
            advance();
            if (token.kind() != Kind.STRING) {
                throw unexpected("a 'pattern' string after LIKE");
            }
            String pattern = token.value();
            checkLikePattern(pattern, token);
            advance();
            if (token.isWord("ESCAPE")) {
                throw FilterText.syntax(text, "ESCAPE at position " + position(token)
                        + " is not supported (the escape character is always \\: write \\% or \\_ for a literal % or _)");
            }
            return new Expr.Like(name, pattern, negated);
        }
        throw unexpected(EXPECTED_OPERATOR);
    }

    private void checkLikePattern(String pattern, Token patternToken) {
        for (int i = 0; i < pattern.length(); i++) {
            if (pattern.charAt(i) == '\\') {
                char next = i + 1 < pattern.length() ? pattern.charAt(i + 1) : 0;
                if (next != '%' && next != '_' && next != '\\') {
                    throw FilterText.syntax(text, "the LIKE pattern at position " + position(patternToken)
                            + " has a \\ not followed by %, _ or \\ (\\ escapes the wildcards; write \\\\ for a backslash)");
                }
                i++;
            }
        }
    }

    private FieldType fieldType(String name, Token at) {
        if (name.equals(Schema.ID)) {
            return FieldType.STRING;
        }
        return schema.field(name).map(Field::type).orElseThrow(() -> {
            List<String> known = new ArrayList<>();
            known.add(Schema.ID);
            known.addAll(schema.names());
            return FilterText.semantic(text, "unknown field " + Literals.quoted(name) + " at position " + position(at)
                    + " (known fields: " + String.join(", ", known) + ")");
        });
    }

    private Literal literal(String field, FieldType type) {
        Token start = token;
        return switch (token.kind()) {
            case MINUS -> {
                advance();
                if (token.kind() != Kind.NUMBER) {
                    throw unexpected("a number right after '-'");
                }
                Token number = token;
                advance();
                yield Literals.number("-" + number.value(), field, type, start, this);
            }
            case NUMBER -> {
                advance();
                yield Literals.number(start.value(), field, type, start, this);
            }
            case STRING -> {
                advance();
                yield Literals.string(start.value(), field, type, start, this);
            }
            case WORD -> {
                if (start.isWord("TRUE") || start.isWord("FALSE")) {
                    advance();
                    yield Literals.bool(start.isWord("TRUE"), field, type, start, this);
                }
                if (start.isWord("DATE") || start.isWord("TIMESTAMP")) {
                    advance();
                    if (token.kind() != Kind.STRING) {
                        throw unexpected("a quoted value after " + start.raw() + ", e.g. " + start.value()
                                + (start.isWord("DATE") ? " '2024-01-01'" : " '2024-01-01 10:00:00'"));
                    }
                    Token value = token;
                    advance();
                    yield start.isWord("DATE")
                            ? Literals.date(value.value(), field, type, start, this)
                            : Literals.timestamp(value.value(), field, type, start, this);
                }
                if (start.isWord("NULL")) {
                    throw FilterText.syntax(text, "NULL at position " + position(start)
                            + " cannot be compared or listed (use IS NULL / IS NOT NULL)");
                }
                if (start.isWord("SELECT")) {
                    throw unexpected("a literal; subqueries are not supported");
                }
                throw unexpected(EXPECTED_LITERAL + " (comparing with another field or calling a function is not supported)");
            }
            case QUOTED_IDENT -> throw unexpected(EXPECTED_LITERAL + " (strings take single quotes: '...')");
            default -> throw unexpected(EXPECTED_LITERAL);
        };
    }

    private void advance() {
        token = lexer.next();
    }

    private boolean isFieldName(Token t) {
        return t.kind() == Kind.QUOTED_IDENT || t.kind() == Kind.WORD && !RESERVED.contains(t.value());
    }

    int position(Token t) {
        return FilterText.position(text, t.offset());
    }

    String text() {
        return text;
    }

    /** "unexpected X at position N (expected Y[; hint])" for the current token. */
    private QueryException unexpected(String expected) {
        String what = switch (token.kind()) {
            case END -> "end of filter";
            case INVALID -> switch (token.value()) {
                case "--", "/*" -> "comment '" + token.value() + "'";
                case "==", "&&", "||" -> "'" + token.value() + "'";
                default -> FilterText.describeChar(token.value().codePointAt(0));
            };
            case STRING -> "string " + Literals.shortQuote(token.raw());
            case QUOTED_IDENT -> "field name " + Literals.shortQuote(token.raw());
            case WORD -> RESERVED.contains(token.value()) || token.value().equals("SELECT")
                    ? "keyword " + token.raw()
                    : "'" + Literals.shorten(token.raw()) + "'";
            default -> "'" + Literals.shorten(token.raw()) + "'";
        };
        int at = token.kind() == Kind.END ? FilterText.position(text, text.length()) : position(token);
        return FilterText.syntax(text, "unexpected " + what + " at position " + at + " (expected " + expected
                + hint(token) + ")");
    }

    private static String hint(Token t) {
        if (t.kind() != Kind.INVALID) {
            return "";
        }
        return switch (t.value()) {
            case "--", "/*" -> "; comments are not allowed";
            case ";" -> "; a filter is one condition, not a statement";
            case "==" -> "; write = to compare";
            case "&", "&&" -> "; write AND";
            case "|", "||" -> "; write OR";
            case "!" -> "; write NOT, or != to compare";
            default -> t.value().codePointAt(0) > 0x7F ? "; only ASCII is allowed outside quotes" : "";
        };
    }
}
