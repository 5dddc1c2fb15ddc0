package dev.featurestore.local.cli;

import dev.featurestore.ids.Identifier;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** GROUP, --org and --version: one version of one org, for commands that act on it. */
final class VersionTargetOptions {
    @Parameters(index = "0", paramLabel = "GROUP", description = "The feature group, e.g. customer.")
    String group;

    @Option(names = "--org", required = true, paramLabel = "ORG", description = "The org.")
    String org;

    @Option(names = "--version", required = true, paramLabel = "VERSION", description = "The version (see: featurestore versions GROUP).")
    String version;

    /** Checks GROUP, --org and --version against the name rule before anything is looked up (exit 2 if not). */
    void check(String verb) {
        Identifier.GROUP.require(verb, group);
        Identifier.ORG.require(verb, org);
        Identifier.VERSION.require(verb, version);
    }
}
