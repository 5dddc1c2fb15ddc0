package dev.featurestore.trainingset;

import dev.featurestore.types.Field;
import java.util.List;
import java.util.Map;

/**
 * What an engine joins entity rows with: the selected feature columns (in order), the validity timeline, and
 * for each version in it the data files to read and the fields it has (missing ones read as null). Versions of
 * the timeline absent from {@code files} were deleted by retention: their event times get nulls, and
 * {@code warnings} says so.
 */
public record TrainingSetPlan(String group, String org, List<Field> features, List<Validity> timeline,
                              Map<String, VersionData> versions, List<String> warnings) {
    public TrainingSetPlan {
        features = List.copyOf(features);
        timeline = List.copyOf(timeline);
        versions = Map.copyOf(versions);
        warnings = List.copyOf(warnings);
    }

    /** A version's data files (object keys) and field names. */
    public record VersionData(List<String> fileKeys, List<String> fieldNames) {
        public VersionData {
            fileKeys = List.copyOf(fileKeys);
            fieldNames = List.copyOf(fieldNames);
        }
    }
}
