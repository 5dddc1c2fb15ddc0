package dev.featurestore.query;

import dev.featurestore.query.Token.Kind;
import java.util.Locale;

/**
 * Splits a filter into tokens, on demand. Only ASCII outside quotes: letters, digits, {@code _}, the operators,
 * parentheses, commas, {@code -} and the four ASCII blanks; anything else becomes an {@link Kind#INVALID}
 * token that the parser rejects with the position and what it expected there.
 */
final class FilterLexer {
    private final String text;
    private int pos;

    FilterLexer(String text) {
        this.text = text;
    }

    Token next() {
        while (pos < text.length() && isBlank(text.charAt(pos))) {
            pos++;
        }
        int start = pos;
        if (pos >= text.length()) {
            return new Token(Kind.END, "", "", start);
        }
        char c = text.charAt(pos);
        if (isWordStart(c)) {
            while (pos < text.length() && isWordPart(text.charAt(pos))) {
                pos++;
            }
            String raw = text.substring(start, pos);
            return new Token(Kind.WORD, raw.toUpperCase(Locale.ROOT), raw, start);
        }
        if (c >= '0' && c <= '9') {
            return number(start);
        }
        switch (c) {
            case '\'':
                return quoted(start, '\'', Kind.STRING);
            case '"':
                return quoted(start, '"', Kind.QUOTED_IDENT);
            case '(':
                pos++;
                return new Token(Kind.LPAREN, "(", "(", start);
            case ')':
                pos++;
                return new Token(Kind.RPAREN, ")", ")", start);
            case ',':
                pos++;
                return new Token(Kind.COMMA, ",", ",", start);
            case '=':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Kind.INVALID, "==", "==", start);
                }
                pos++;
                return new Token(Kind.OPERATOR, "=", "=", start);
            case '&':
            case '|':
                if (peek(1) == c) {
                    pos += 2;
                    String twice = text.substring(start, pos);
                    return new Token(Kind.INVALID, twice, twice, start);
                }
                break;
            case '!':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Kind.OPERATOR, "!=", "!=", start);
                }
                break;
            case '<':
                if (peek(1) == '=' || peek(1) == '>') {
                    pos += 2;
                    String op = text.substring(start, pos);
                    return new Token(Kind.OPERATOR, op, op, start);
                }
                pos++;
                return new Token(Kind.OPERATOR, "<", "<", start);
            case '>':
                if (peek(1) == '=') {
                    pos += 2;
                    return new Token(Kind.OPERATOR, ">=", ">=", start);
                }
                pos++;
                return new Token(Kind.OPERATOR, ">", ">", start);
            case '-':
                if (peek(1) == '-') {
                    pos += 2;
                    return new Token(Kind.INVALID, "--", "--", start);
                }
                pos++;
                return new Token(Kind.MINUS, "-", "-", start);
            case '/':
                if (peek(1) == '*') {
                    pos += 2;
                    return new Token(Kind.INVALID, "/*", "/*", start);
                }
                break;
            default:
                break;
        }
        int cp = text.codePointAt(pos);
        pos += Character.charCount(cp);
        String s = new String(Character.toChars(cp));
        return new Token(Kind.INVALID, s, s, start);
    }

    private Token number(int start) {
        digits();
        if (peek(0) == '.' && isDigit(peek(1))) {
            pos++;
            digits();
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (isDigit(peek(1)) || (peek(1) == '+' || peek(1) == '-') && isDigit(peek(2)))) {
            pos += 2;
            digits();
        }
        String raw = text.substring(start, pos);
        return new Token(Kind.NUMBER, raw, raw, start);
    }

    private void digits() {
        while (isDigit(peek(0))) {
            pos++;
        }
    }

    private Token quoted(int start, char quote, Kind kind) {
        StringBuilder value = new StringBuilder();
        pos++;
        while (true) {
            if (pos >= text.length()) {
                String what = kind == Kind.STRING ? "string" : "quoted field name";
                throw FilterText.syntax(text, "unterminated " + what + " starting at position "
                        + FilterText.position(text, start) + " (close it with " + quote
                        + "; write " + quote + quote + " for a " + quote + " inside it)");
            }
            char c = text.charAt(pos);
            if (c == '\0') {
                throw FilterText.syntax(text, "NUL character (U+0000) at position " + FilterText.position(text, pos)
                        + " (not allowed anywhere in a filter)");
            }
            if (c == quote) {
                if (peek(1) == quote) {
                    value.append(quote);
                    pos += 2;
                    continue;
                }
                pos++;
                break;
            }
            value.append(c);
            pos++;
        }
        return new Token(kind, value.toString(), text.substring(start, pos), start);
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < text.length() ? text.charAt(i) : '\uFFFF';
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isWordStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isWordPart(char c) {
        return isWordStart(c) || isDigit(c);
    }
}
