package dev.featurestore.distmerge;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.ScratchDir;
import java.io.IOException;
import java.nio.file.Path;
import java.util.UUID;

/** A task's local scratch directory (footers, partial ranges, spill, bucket files), deleted when the task ends. */
final class Scratch {
    static final String PREFIX = "merge-task-";

    private Scratch() {
    }

    static ScratchDir create(Path workDir, String name) {
        Path dir = workDir.resolve(PREFIX + name + "-" + UUID.randomUUID());
        try {
            return ScratchDir.create(dir);
        } catch (IOException e) {
            throw new StorageException("Cannot create the merge task directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
