package dev.featurestore.query;

/**
 * A token of the filter language. {@code offset} is the 0-based char offset in the filter text; {@code value}
 * is the decoded content of strings and quoted identifiers, the upper-cased word of identifiers, the spelling
 * otherwise.
 */
record Token(Kind kind, String value, String raw, int offset) {

    enum Kind {
        WORD, QUOTED_IDENT, STRING, NUMBER, OPERATOR, LPAREN, RPAREN, COMMA, MINUS,
        /** A character (or "--", "/*") outside the language; the parser reports it with what it expected. */
        INVALID,
        END
    }

    boolean isWord(String keyword) {
        return kind == Kind.WORD && value.equals(keyword);
    }
}
