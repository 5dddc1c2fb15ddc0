package dev.featurestore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ThreadCpuTest {
    @Test
    void partsAddUpToTheProcessTotal_onLinux() {
        String summary = ThreadCpu.summary(); // this machine and CI run Linux: /proc is there
        Matcher m = Pattern.compile("cpu by thread: total ([0-9.]+) s, jit ([0-9.]+) s \\(c1 ([0-9.]+), c2 ([0-9.]+)\\),"
                + " gc\\+vm ([0-9.]+) s, rest (-?[0-9.]+) s").matcher(summary);

        assertThat(m.matches()).as(summary).isTrue();
        double total = Double.parseDouble(m.group(1));
        double jit = Double.parseDouble(m.group(2));
        assertThat(jit).isCloseTo(Double.parseDouble(m.group(3)) + Double.parseDouble(m.group(4)),
                org.assertj.core.api.Assertions.within(0.011));
        assertThat(jit + Double.parseDouble(m.group(5)) + Double.parseDouble(m.group(6)))
                .isCloseTo(total, org.assertj.core.api.Assertions.within(0.02));
        assertThat(total).isPositive(); // the test JVM has used CPU by now
    }
}
