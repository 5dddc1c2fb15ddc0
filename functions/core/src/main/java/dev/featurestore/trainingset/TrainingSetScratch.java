package dev.featurestore.trainingset;

import dev.featurestore.error.StorageException;
import dev.featurestore.storage.LocalFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The frame every {@link TrainingSetJoin} adapter joins in: a fresh {@code training-set-*} directory under the work
 * dir for the files it writes and reads, a {@link StorageException} naming the group, org and work dir when
 * writing or reading there fails, and the directory deleted afterwards whether the join succeeded or failed.
 */
public final class TrainingSetScratch {

    /** What an adapter does inside its scratch directory (the engines are SQL ones: DuckDB over JDBC, Athena). */
    @FunctionalInterface
    public interface Work {
        TrainingSetJoin.Joined in(Path dir) throws IOException, SQLException;
    }

    private TrainingSetScratch() {
    }

    /** Runs {@code work} in a new scratch directory under {@code workDir} (created when missing). */
    public static TrainingSetJoin.Joined join(Path workDir, TrainingSetPlan plan, Work work) {
        Path dir = null;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "training-set-");
            return work.in(dir);
        } catch (IOException | SQLException e) {
            throw new StorageException("Cannot build a training set of group '" + plan.group() + "' for org '" + plan.org()
                    + "' in " + workDir + ": " + e.getMessage(), e);
        } finally {
            if (dir != null) {
                LocalFiles.deleteQuietly(dir);
            }
        }
    }
}
