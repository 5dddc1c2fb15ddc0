package dev.featurestore.query;

import dev.featurestore.error.QueryException;

/** Error messages about a filter's text: the echoed text is shortened and its invisible characters shown. */
public final class FilterText {
    static final int ECHO_LIMIT = 120;

    private FilterText() {
    }

    /** The filter as shown in messages: control and format characters as U+XXXX, cut after 120 characters. */
    public static String echo(String text) {
        StringBuilder out = new StringBuilder();
        int count = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (count++ == ECHO_LIMIT) {
                out.append("…");
                break;
            }
            out.append(visible(cp));
        }
        return out.toString();
    }

    /** A code point as it may be printed: itself, or {@code U+XXXX} when it is invisible or reorders text. */
    static String visible(int cp) {
        return isInvisible(cp) ? String.format("U+%04X", cp) : new String(Character.toChars(cp));
    }

    static boolean isInvisible(int cp) {
        int type = Character.getType(cp);
        return type == Character.CONTROL || type == Character.FORMAT || type == Character.UNASSIGNED
                || type == Character.PRIVATE_USE || type == Character.SURROGATE
                || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                || (Character.isWhitespace(cp) || Character.isSpaceChar(cp)) && cp != ' ';
    }

    /** A one-code-point description: {@code ';'}, {@code '＝' U+FF1D FULLWIDTH EQUALS SIGN}, {@code U+200B ZERO WIDTH SPACE}. */
    static String describeChar(int cp) {
        if (cp >= 0x21 && cp < 0x7F) {
            return "'" + (char) cp + "'";
        }
        String name = Character.getName(cp);
        String code = String.format("U+%04X", cp);
        String label = name == null ? code : code + " " + name;
        return isInvisible(cp) ? label : "'" + new String(Character.toChars(cp)) + "' " + label;
    }

    /** 1-based position, counted in characters (code points) as a reader counts them. */
    static int position(String text, int offset) {
        return text.codePointCount(0, Math.min(offset, text.length())) + 1;
    }

    static QueryException syntax(String text, String problem) {
        return new QueryException("Cannot parse filter \"" + echo(text) + "\": " + problem);
    }

    static QueryException semantic(String text, String problem) {
        return new QueryException("Cannot use filter \"" + echo(text) + "\": " + problem);
    }
}
