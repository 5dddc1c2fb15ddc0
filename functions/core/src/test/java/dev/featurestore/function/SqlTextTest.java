package dev.featurestore.function;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void bare_dropsTrailingSemicolonsCommentsAndWhitespace_only() {
        assertThat(SqlText.bare("SELECT 1")).isEqualTo("SELECT 1");
        assertThat(SqlText.bare("  SELECT 1 ;; \n")).isEqualTo("SELECT 1");
        assertThat(SqlText.bare("SELECT 1; -- done")).isEqualTo("SELECT 1");
        assertThat(SqlText.bare("SELECT 1 -- done\n")).isEqualTo("SELECT 1");
        assertThat(SqlText.bare("SELECT 1 /* a */ ; /* b */")).isEqualTo("SELECT 1");
        assertThat(SqlText.bare("SELECT ';' AS s;")).isEqualTo("SELECT ';' AS s");
        assertThat(SqlText.bare("SELECT 1 AS \"x;\" -- c\n;")).isEqualTo("SELECT 1 AS \"x;\"");
        assertThat(SqlText.bare("SELECT '-- not a comment'")).isEqualTo("SELECT '-- not a comment'");
        assertThat(SqlText.bare("-- header\nSELECT 1 -- a\nFROM t;\n-- end\n")).isEqualTo("-- header\nSELECT 1 -- a\nFROM t");
    }
}
