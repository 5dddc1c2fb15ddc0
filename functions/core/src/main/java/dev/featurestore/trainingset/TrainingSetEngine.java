package dev.featurestore.trainingset;

/**
 * The port that runs a training-set join: DuckDB's ASOF JOIN locally. An engine reads the entity rows (an
 * {@code id} string column, an {@code event_time} with a zone, any extra columns), rejects bad ones naming the
 * column and row, and writes every entity row in its order with its extra columns and the features of the
 * version the plan's timeline gives for its event time (nulls before the first validity).
 *
 * @param <E> where the entity rows are (a local file)
 * @param <O> where the result goes
 */
public interface TrainingSetEngine<E, O> {

    /** Joins and writes; returns the rows written. */
    long join(TrainingSetPlan plan, E entities, O out);
}
