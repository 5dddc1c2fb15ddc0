package dev.featurestore.calculate;

import dev.featurestore.config.ResolvedGroup;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The distributed merge as a port of the calculation (docs/merge.md, "Distributed merge"): plans the run's
 * merge and, when it chooses to distribute it (by planned size, or forced), runs its tasks and finalizes.
 */
@FunctionalInterface
public interface DistributedMerging {

    /** The merged version, or empty when this run merges on this machine (the calculation's single-machine merge). */
    Optional<MergedVersion> merge(RunPlan plan, ResolvedGroup group, Path workDir);

    DistributedMerging NEVER = (plan, group, workDir) -> Optional.empty();
}
