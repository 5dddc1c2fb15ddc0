package dev.featurestore.calculate;

/**
 * Runs one feature function for one org and writes its partial (locally: DuckDB or the Java class in a thread
 * pool; on AWS: a Lambda invocation, SQL as Athena UNLOAD). Failures are thrown; the calculation records them.
 */
@FunctionalInterface
public interface FunctionRunner {
    FunctionOutcome run(FunctionTask task) throws Exception;

    /** Runs and rethrows checked exceptions unchecked (for callers that are not a pool). */
    default FunctionOutcome runQuietly(FunctionTask task) {
        try {
            return run(task);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new dev.featurestore.error.DataException("Cannot run function '" + task.function().name() + "': " + e, e);
        }
    }
}
