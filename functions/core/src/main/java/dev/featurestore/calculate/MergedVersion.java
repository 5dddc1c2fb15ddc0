package dev.featurestore.calculate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.featurestore.version.Manifest;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A merged version's data files, already in the store under the version's prefix, with what the manifest
 * records of them: rows, per-file size and CRC32C, the lookup index, statistics, content checksum and step
 * timings. The single-machine merge and a distributed merge's finalize both produce one; the calculation then
 * checks the files against a listing, writes the manifest, registers and publishes.
 */
public record MergedVersion(long rows, List<Manifest.DataFile> files, Optional<Manifest.LookupIndex> lookup, JsonNode stats,
                            String checksum, Map<String, Long> timings) {
    public MergedVersion {
        files = List.copyOf(files);
        timings = Map.copyOf(timings);
    }
}
