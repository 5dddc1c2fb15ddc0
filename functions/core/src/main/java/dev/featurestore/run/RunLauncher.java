package dev.featurestore.run;

import dev.featurestore.config.GroupConfig;
import java.util.function.Predicate;

/**
 * How a runtime starts and follows calculation runs for the API's run routes: a background calculation locally,
 * a Step Functions execution on AWS. The routes decide the org (tenancy) before {@link #start}.
 */
public interface RunLauncher {

    /** Starts a run of {@code group} for {@code org}; its state right after the start (RUNNING). */
    RunState start(GroupConfig group, String org);

    /**
     * The run {@code run} of {@code group}; a {@code NotFoundException} when there is none, or it belongs to an org
     * outside {@code readable} (another tenant's run does not exist for the caller).
     */
    RunState state(GroupConfig group, String run, Predicate<String> readable);
}
