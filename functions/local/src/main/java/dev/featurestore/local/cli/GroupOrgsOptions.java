package dev.featurestore.local.cli;

import dev.featurestore.config.GroupConfig;
import dev.featurestore.ids.Identifier;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** GROUP and an optional --org, for commands that report on one org or every org of a group. */
final class GroupOrgsOptions {
    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", paramLabel = "ORG", description = "Only this org (default: every org of the group).")
    Optional<String> org = Optional.empty();

    /** Checks GROUP and --org against the name rule before anything is looked up (exit 2 if not). */
    void check(String verb) {
        Identifier.GROUP.require(verb, group);
        org.ifPresent(o -> Identifier.ORG.require(verb, o));
    }

    /** The org asked for (checked against the config) or every org. */
    List<String> orgs(GroupConfig config) {
        return config.orgsOrAll(org);
    }
}
