package dev.featurestore.distmerge;

/**
 * Runs the tasks of one phase of a distributed merge and returns when all have finished; throws when any
 * failed (the first failure, naming its task). Threads of this process in tests, worker processes locally
 * (functions/local), a Step Functions Distributed Map on AWS.
 */
public interface MergeTaskRunner {

    enum Phase { PARTITION, JOIN }

    void run(MergeTaskPlan plan, Phase phase);
}
