package dev.featurestore.calculate;

import dev.featurestore.config.FunctionSpec;
import dev.featurestore.config.ResolvedGroup;

/** One function to run for one org in one run: it must write its partial to {@code partialKey}. */
public record FunctionTask(ResolvedGroup group, FunctionSpec function, String runId, String version, String partialKey) {
}
