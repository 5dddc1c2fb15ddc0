package dev.featurestore.run;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.version.Manifest;
import java.util.function.Predicate;

/**
 * How a runtime rebuilds a version for the API's reproduction routes and follows the rebuild: on {@code serve} a
 * background rebuild into a scratch lake, on AWS an execution of the group's state machine in reproduce mode (a
 * scratch run: no lock, no run record, nothing published). The routes decide the org (tenancy) and check that
 * the version exists and records its lineage before {@link #start}.
 */
public interface ReproductionLauncher {

    /** Starts rebuilding {@code recorded} (a version of {@code group} for its org); the state right after the start. */
    ReproductionState start(GroupConfig group, Manifest recorded);

    /**
     * The reproduction {@code reproduction} of {@code version}; a {@code NotFoundException} when there is none, it is
     * of another version or group, or it belongs to an org outside {@code readable}.
     */
    ReproductionState state(GroupConfig group, String version, String reproduction, Predicate<String> readable);
}
