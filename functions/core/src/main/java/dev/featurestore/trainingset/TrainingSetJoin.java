package dev.featurestore.trainingset;

import java.util.List;

/**
 * The port behind {@code POST /groups/{group}/training-set}: joins checked entity rows (given inline, in order)
 * with the plan's features and answers the rows. Locally DuckDB's ASOF JOIN; on AWS one Athena query over a
 * temporary Glue table of the rows ({@code AthenaTrainingSets} in the aws module).
 */
public interface TrainingSetJoin {

    /** One entity row: its id, its event time (ISO-8601 with a zone, checked) and its extra columns (JSON scalars). */
    record EntityRow(String id, String eventTime, java.util.Map<String, Object> extras) {
    }

    /** The answer: column names (the entity columns, then the features) and the rows in entity order. */
    record Joined(List<String> columns, List<List<Object>> rows) {
        public Joined {
            columns = List.copyOf(columns);
        }
    }

    Joined join(TrainingSetPlan plan, List<String> extraColumns, List<EntityRow> rows);
}
