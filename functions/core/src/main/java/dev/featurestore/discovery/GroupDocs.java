package dev.featurestore.discovery;

import dev.featurestore.config.Docs;
import dev.featurestore.config.GroupConfig;

/** The documentation a group config declares for itself and its fields. */
final class GroupDocs {
    private GroupDocs() {
    }

    static Docs group(GroupConfig config) {
        return Docs.describing(config.description());
    }

    static Docs field(GroupConfig config, String field) {
        return Docs.NONE;
    }
}
