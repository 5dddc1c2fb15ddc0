package dev.featurestore.api;

import dev.featurestore.config.GroupConfig;
import java.util.Collection;

/** Where the API finds group configs: the config directory ({@code serve}) or the configs packaged in the jar (Lambda). */
public interface GroupSource {
    /** The group's config; {@link dev.featurestore.error.NotFoundException} listing the known groups when there is none. */
    GroupConfig group(String name);

    /** Every group, in a stable order. */
    Collection<GroupConfig> all();
}
