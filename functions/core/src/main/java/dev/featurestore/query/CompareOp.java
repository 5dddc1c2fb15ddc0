package dev.featurestore.query;

/** The comparison operators of the filter language; {@code !=} and {@code <>} are the same operator. */
public enum CompareOp {
    EQ("="), NE("<>"), LT("<"), LE("<="), GT(">"), GE(">=");

    private final String sql;

    CompareOp(String sql) {
        this.sql = sql;
    }

    /** The SQL (and canonical filter-language) spelling. */
    public String sql() {
        return sql;
    }
}
