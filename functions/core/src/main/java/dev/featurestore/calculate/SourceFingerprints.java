package dev.featurestore.calculate;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.version.Lineage;
import java.util.List;

/**
 * Fingerprints the sources a run read, for its version's lineage, right after its functions ran: the tables
 * {@link SourceTables#readBy} finds in {@code queries}; locally each source file's size and SHA-256, on AWS the
 * source tables' Glue table versions and their S3 objects' ETags and sizes.
 */
@FunctionalInterface
public interface SourceFingerprints {

    /** The fingerprint of the source tables {@code queries} (the SQL the run's functions sent) read. */
    List<Lineage.SourceFingerprint> of(ResolvedGroup group, List<String> queries);

    SourceFingerprints NONE = (group, queries) -> List.of();
}
