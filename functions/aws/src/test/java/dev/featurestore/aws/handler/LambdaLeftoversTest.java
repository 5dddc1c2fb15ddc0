package dev.featurestore.aws.handler;

import static dev.featurestore.aws.testing.TestLake.invoke;
import static dev.featurestore.aws.testing.TestLake.mergeInput;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.aws.runtime.AwsRuntime;
import dev.featurestore.aws.testing.AwsEmulator;
import dev.featurestore.aws.testing.AwsEmulatorExtension;
import dev.featurestore.aws.testing.Events;
import dev.featurestore.aws.testing.TestLake;
import dev.featurestore.storage.ScratchDirHolder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A warm Lambda keeps /tmp: the work dirs of invocations killed mid-way (timeouts) go at the next invocation. */
@ExtendWith(AwsEmulatorExtension.class)
class LambdaLeftoversTest {
    @TempDir
    Path tmp;

    /** A work dir as an invocation killed by the Lambda runtime left it. */
    private static Path killed(Path dir) throws Exception {
        Process holder = ScratchDirHolder.start(dir);
        Files.writeString(dir.resolve("part-0.parquet"), "half a part");
        holder.destroyForcibly().waitFor();
        Files.setLastModifiedTime(dir.resolve(".owner"), FileTime.from(Instant.now().minus(Duration.ofMinutes(5))));
        return dir;
    }

    @Test
    void calculateAndMerge_removeTheWorkDirsOfKilledInvocations(AwsEmulator aws) throws Exception {
        aws.requireMoto("Athena results are canned through moto's API");
        TestLake lake = new TestLake(aws);
        lake.env.put("WORK_DIR", tmp.toString());
        AwsRuntime runtime = lake.runtime();
        Path calc = killed(tmp.resolve("calc-20261120T000000Z-dead-orders"));
        Path run = killed(tmp.resolve("run-20261120T000000Z-dead"));

        JsonNode plan = invoke(new PlanHandler(runtime), Events.json("plan.json"));
        aws.cannedAthenaResults(List.of(Arrays.asList("id", "age"), Arrays.asList("c1", "34")), List.of("varchar", "bigint"));
        JsonNode a = invoke(new CalculateHandler(runtime), plan.get("functions").get(0));
        JsonNode b = invoke(new CalculateHandler(runtime), plan.get("functions").get(1));
        assertThat(calc).doesNotExist();
        assertThat(run).exists();

        invoke(new MergeHandler(runtime), mergeInput(plan, a, b));

        assertThat(run).doesNotExist();
        try (var left = Files.list(tmp)) {
            assertThat(left).isEmpty();
        }
    }
}
