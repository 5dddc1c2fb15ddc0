/**
 * Per-column statistics of a feature version, computed in the same pass as the merge.
 *
 * <p>{@link dev.featurestore.stats.StatsCollector} is the merge's {@link dev.featurestore.merge.ColumnObserver.Factory}:
 * it hands one collector to each (worker, field), then combines them into one immutable {@link
 * dev.featurestore.stats.ColumnStats} per field, the {@code "stats"} of a version's manifest. The collectors
 * are mergeable sketches with bounded memory: moments (Welford/Chan), a KLL-style quantile sketch fed by
 * adaptive systematic sampling, Misra-Gries frequent items and a HyperLogLog, so neither memory nor the
 * per-value cost grows with the number of rows.
 */
package dev.featurestore.stats;
