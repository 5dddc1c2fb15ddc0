package dev.featurestore.calculate;

import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.version.Lineage;
import java.util.List;

/**
 * Fingerprints the sources a group reads, for a version's lineage: locally each source file's size and SHA-256;
 * on AWS the source tables' Glue table versions and their S3 objects' ETags.
 */
@FunctionalInterface
public interface SourceFingerprints {

    List<Lineage.SourceFingerprint> of(ResolvedGroup group);

    SourceFingerprints NONE = group -> List.of();
}
