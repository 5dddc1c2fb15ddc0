package dev.featurestore.local.run;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.local.LocalRuntime;
import dev.featurestore.reproduce.ReproduceReport;
import dev.featurestore.reproduce.Reproduction;
import dev.featurestore.storage.LocalFiles;
import dev.featurestore.version.Manifest;
import java.nio.file.Path;
import java.util.UUID;

/**
 * Rebuilds a version on this machine, for {@code featurestore reproduce} and {@code serve}'s reproductions: the
 * group as recorded in the version's lineage is calculated into a scratch lake under the lake's {@code .work/}
 * (its own versions and catalog, over the lake's sources), compared with the recorded version, and the scratch lake
 * deleted. The lake's versions, runs and lock are untouched.
 */
public final class LocalReproduction {
    private LocalReproduction() {
    }

    /**
     * Rebuilds {@code recorded} and compares: identical, or which fields differ, and whether the sources or code
     * changed. A {@code ConflictException} when its manifest records no lineage.
     */
    public static ReproduceReport run(LocalRuntime rt, Manifest recorded, int threads, LocalCalculation.Progress progress) {
        ResolvedGroup group = Reproduction.groupOf(recorded);
        Path scratch = rt.lake().resolve(".work").resolve("reproduce-" + UUID.randomUUID());
        try {
            Manifest rebuilt = rt.calculationInto(scratch, threads).calculate(group, 1, progress).manifest();
            return Reproduction.compare(recorded, rebuilt, rt.code());
        } finally {
            LocalFiles.deleteQuietly(scratch);
        }
    }
}
