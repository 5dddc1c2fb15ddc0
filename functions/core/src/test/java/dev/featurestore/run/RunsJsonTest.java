package dev.featurestore.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.featurestore.version.RunRecord;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class RunsJsonTest {
    private static final RunRecord RUNNING = RunRecord.running("20261130T020546Z-0233", "customer", "acme", "20261130T020546Z-0233",
            "2026-11-30T02:05:46Z");

    @Test
    void runningRun_hasProgressAndThePollPath() {
        String json = RunsJson.write(RunsJson.run(RunState.of(RUNNING, OptionalInt.of(3), OptionalInt.of(1))));
        assertThat(json).isEqualTo("{\"group\":\"customer\",\"org\":\"acme\",\"run\":\"20261130T020546Z-0233\","
                + "\"version\":\"20261130T020546Z-0233\",\"status\":\"RUNNING\",\"started_at\":\"2026-11-30T02:05:46Z\","
                + "\"finished_at\":null,\"reason\":null,\"functions_total\":3,\"functions_done\":1,"
                + "\"poll\":\"/groups/customer/runs/20261130T020546Z-0233?org=acme\"}");
    }

    @Test
    void finishedRun_hasNoPollPath_andKeepsItsReason() {
        RunRecord failed = RUNNING.finished(RunRecord.Status.FAILED, "2026-11-30T02:06:00Z", Optional.of("Cannot x: y"), Optional.empty());
        String json = RunsJson.write(RunsJson.run(RunState.of(failed, OptionalInt.empty(), OptionalInt.empty())));
        assertThat(json).isEqualTo("{\"group\":\"customer\",\"org\":\"acme\",\"run\":\"20261130T020546Z-0233\","
                + "\"version\":\"20261130T020546Z-0233\",\"status\":\"FAILED\",\"started_at\":\"2026-11-30T02:05:46Z\","
                + "\"finished_at\":\"2026-11-30T02:06:00Z\",\"reason\":\"Cannot x: y\"}");
    }

    @Test
    void pollPath_encodesNames() {
        assertThat(RunsJson.pollPath("my group", "a&b", "r/1")).isEqualTo("/groups/my%20group/runs/r%2F1?org=a%26b");
    }

    @Test
    void runs_areNewestFirst() {
        RunRecord older = new RunRecord("20261129T000000Z-0001", "customer", "acme", "20261129T000000Z-0001",
                RunRecord.Status.SUCCEEDED, "2026-11-29T00:00:00Z", Optional.of("2026-11-29T00:01:00Z"), Optional.empty(), Optional.empty());
        String json = RunsJson.runs("customer", "acme", List.of(older, RUNNING));
        assertThat(json).startsWith("{\"group\":\"customer\",\"org\":\"acme\",\"runs\":[{\"run\":\"20261130T020546Z-0233\"");
        assertThat(json).contains("{\"run\":\"20261129T000000Z-0001\",\"version\":\"20261129T000000Z-0001\",\"status\":\"SUCCEEDED\","
                + "\"started_at\":\"2026-11-29T00:00:00Z\",\"finished_at\":\"2026-11-29T00:01:00Z\",\"reason\":null}");
    }
}
