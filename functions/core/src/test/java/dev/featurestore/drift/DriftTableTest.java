package dev.featurestore.drift;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DriftTableTest {
    @Test
    void oneAlignedLinePerFieldAndTheFlaggedSummary() {
        DriftReport r = DriftReports.sample();

        String text = DriftTable.render(r);

        String[] lines = text.split("\n");
        assertThat(lines[0]).isEqualTo("Drift of customer (org acme): 20261124T031500Z-3f9a (50,000 rows) → "
                + "20261125T031500Z-b71c (51,200 rows)");
        assertThat(lines[3]).startsWith("field").contains("psi").contains("nulls from");
        assertThat(text).containsPattern("\\ndistance +double +\\d\\.\\d{3} +0\\.0% +0\\.0% +! +psi \\d\\.\\d{3} > 0\\.200\\n")
                .containsPattern("\\nloyalty_tier +string +added +- +- +0\\.0% +added\\n")
                .containsPattern("\\nlegacy_flag +boolean +removed +- +0\\.0% +- +! +removed\\n")
                .containsPattern("\\nscore +int→double +type changed ")
                .endsWith("4 of 10 fields flagged: distance, city, score, legacy_flag\n")
                .containsPattern("\nfield +nulls +distinct +min +max +mean\n");
        int psiColumn = lines[3].indexOf("psi") + 3;
        for (int i = 4; i < 4 + r.fields().size(); i++) {
            assertThat(lines[i].charAt(psiColumn - 1)).as(lines[i]).isNotEqualTo(' '); // right-aligned column
        }
    }
}
