package dev.featurestore.plan;

import dev.featurestore.storage.ObjectStore;
import java.util.Map;

/**
 * Reaches the lake of a deployed environment (its bucket), so that {@code plan -c env=NAME} compares the config
 * with what that environment calculated. Found with {@link java.util.ServiceLoader}: the AWS adapter provides
 * one when its jar is on the classpath; the local CLI alone has none (see docs/config.md, "plan").
 */
public interface EnvironmentLakes {

    /**
     * The lake in {@code bucket} of an environment deployed to {@code region}, read only by the plan.
     *
     * @param variables the process environment as the caller sees it (credentials, an emulator's endpoint)
     */
    ObjectStore open(String region, String bucket, Map<String, String> variables);
}
