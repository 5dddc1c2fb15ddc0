package dev.featurestore.merge;

/** The merge step as a port, so the calculation can be tested with a naive merge and run with {@code Merger::merge}. */
@FunctionalInterface
public interface PartialMerger {
    MergeResult merge(MergeRequest request);
}
