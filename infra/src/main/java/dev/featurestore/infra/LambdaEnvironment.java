package dev.featurestore.infra;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.featurestore.config.EnvironmentConfig;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables the handlers read: the contract between this app and {@code functions/aws}
 * (documented in docs/infra.md). Values may be CloudFormation tokens, resolved at deploy time.
 */
public final class LambdaEnvironment {

    public static final String ENVIRONMENT = "FEATURESTORE_ENVIRONMENT";
    public static final String BUCKET = "FEATURESTORE_BUCKET";
    public static final String DATABASE = "FEATURESTORE_GLUE_DATABASE";
    public static final String WORKGROUP = "FEATURESTORE_ATHENA_WORKGROUP";
    /** The directory holding {@code groups/*.yaml} and the SQL files, inside the Lambda bundle. */
    public static final String CONFIG_DIR = "FEATURESTORE_CONFIG_DIR";
    /** Comma-separated orgs deployed to this environment; the handlers refuse any other. */
    public static final String ORGS = "FEATURESTORE_ORGS";
    /** The IAM principal tag whose value is a caller's org (absent: tags are not used). */
    public static final String ORG_TAG = "FEATURESTORE_ORG_TAG";
    /** JSON object, principal ARN to org; checked before the tag. */
    public static final String ORG_PRINCIPALS = "FEATURESTORE_ORG_PRINCIPALS";

    private static final ObjectMapper JSON = new ObjectMapper();

    private LambdaEnvironment() {}

    public static Map<String, String> of(EnvironmentConfig env, String bucket, String database, String workgroup) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put(ENVIRONMENT, env.name());
        vars.put(BUCKET, bucket);
        vars.put(DATABASE, database);
        vars.put(WORKGROUP, workgroup);
        vars.put(CONFIG_DIR, LambdaBundle.CONFIG_DIR_IN_LAMBDA);
        vars.put(ORGS, String.join(",", env.orgs()));
        env.access().principalTag().ifPresent(tag -> vars.put(ORG_TAG, tag));
        try {
            vars.put(ORG_PRINCIPALS, JSON.writeValueAsString(env.access().principals()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return vars;
    }
}
