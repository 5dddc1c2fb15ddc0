package dev.featurestore.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables the handlers read ({@code dev.featurestore.aws.runtime.AwsSettings}): the contract
 * between this app and {@code functions/aws}, documented in docs/infra.md and docs/aws.md. Values may be
 * CloudFormation tokens, resolved at deploy time. The group configs travel inside the jar.
 */
public final class LambdaEnvironment {

    public static final String ENVIRONMENT = "ENVIRONMENT";
    public static final String BUCKET = "BUCKET";
    public static final String DATABASE = "GLUE_DATABASE";
    public static final String WORKGROUP = "ATHENA_WORKGROUP";
    /** JSON object: principal ARN (globs allowed) → orgs it may read. */
    public static final String ORG_ACCESS = "ORG_ACCESS";
    /** The source tables' database ({@code {org}} replaced per org); absent: the environment's database. */
    public static final String SOURCE_DATABASE = "SOURCE_DATABASE";
    /** Where Athena results and exports go, inside the bucket. */
    public static final String RESULTS_PREFIX = "RESULTS_PREFIX";

    /** The materialization state machine, set on the query function only (the API's run routes start it). */
    public static final String STATE_MACHINE_ARN = "STATE_MACHINE_ARN";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEnvironment() {}

    public static Map<String, String> of(EnvironmentConfig env, String bucket, String database, String workgroup) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ENVIRONMENT, env.name());
        vars.put(BUCKET, bucket);
        vars.put(DATABASE, database);
        vars.put(WORKGROUP, workgroup);
        vars.put(RESULTS_PREFIX, DataLake.QUERY_RESULTS);
        env.sources().glueDatabase().ifPresent(db -> vars.put(SOURCE_DATABASE, db));
        try {
            vars.put(ORG_ACCESS, JSON.writeValueAsString(env.access().principals()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return vars;
    }
}
