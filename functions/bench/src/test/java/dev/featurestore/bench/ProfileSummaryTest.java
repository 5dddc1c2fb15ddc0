package dev.featurestore.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.featurestore.bench.ProfileSummary.Part;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProfileSummaryTest {

    @Test
    void countsSamplesByPartAndBySelfFrame() {
        ProfileSummary.Summary s = ProfileSummary.summarize(List.of(
                "java/lang/Thread.run;dev/featurestore/merge/JoinWorker.run;dev/featurestore/merge/BucketJoiner.writeEntity 40",
                "java/lang/Thread.run;dev/featurestore/merge/PageObservers.page;dev/featurestore/stats/NumericCollector.collect 10",
                "java/lang/Thread.run;dev/featurestore/merge/PartitionWorker.run;sun/nio/ch/UnixFileDispatcherImpl.write0;ksys_write_[k] 5",
                "thread_native_entry;C2Compiler::compile_method;Compile::Compile 20",
                "",
                "java/lang/Thread.run;dev/featurestore/merge/PartitionWorker.run;dev/featurestore/merge/Partitioner.write 25"));

        assertThat(s.total()).isEqualTo(100);
        assertThat(s.byPart()).containsEntry(Part.JOIN, 40L).containsEntry(Part.STATISTICS, 10L).containsEntry(Part.KERNEL, 5L)
                .containsEntry(Part.C2, 20L).containsEntry(Part.PARTITION, 25L).containsEntry(Part.OTHER, 0L);
        assertThat(s.bySelf()).containsEntry("dev/featurestore/merge/BucketJoiner.writeEntity", 40L)
                .containsEntry("ksys_write_[k]", 5L);
    }

    @Test
    void namesSnappysLibraryOnce_whateverTemporaryPathItWasUnpackedTo() {
        ProfileSummary.Summary s = ProfileSummary.summarize(List.of(
                "a;/tmp/snappy-1.1.10-3451f6cb-libsnappyjava.so 2", "b;/tmp/snappy-1.1.10-99aa-libsnappyjava.so 3"));

        assertThat(s.bySelf()).containsExactly(java.util.Map.entry("libsnappyjava.so (snappy, native)", 5L));
    }

    @Test
    void namesTheLine_whenALineHasNoCount() {
        assertThatThrownBy(() -> ProfileSummary.summarize(List.of("a;b 3", "a;b;c")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cannot read line 2 of the collapsed stacks (expected \"frame;frame;... COUNT\"): a;b;c");
    }
}
