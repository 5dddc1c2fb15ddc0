package dev.featurestore.plan;

import dev.featurestore.version.Manifest;
import java.util.List;
import java.util.Optional;

/** What is calculated and published now, as the plan compares the local config with it. */
public interface DeployedState {

    /** Every (group, org) that has versions, group then org. */
    List<GroupOrg> groupOrgs();

    /** The manifest of the newest calculated version of the group for the org, if any. */
    Optional<Manifest> latest(String group, String org);

    /** The manifest of the published version, if any. */
    Optional<Manifest> published(String group, String org);

    record GroupOrg(String group, String org) {
    }
}
