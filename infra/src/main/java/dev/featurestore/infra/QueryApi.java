package dev.featurestore.infra;

import java.util.List;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.IResource;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.constructs.Construct;

/**
 * The feature API (docs/query.md, section 4): a REST API with IAM (SigV4) authorization on every method, stage
 * throttling and JSON access logs, proxying to the query function:
 * {@code GET /groups}, {@code GET /groups/{group}}, {@code POST /groups/{group}/features},
 * {@code GET /groups/{group}/drift}, {@code GET|POST /groups/{group}/runs}, {@code GET /groups/{group}/runs/{run}},
 * {@code GET /queries/{id}}, {@code GET /openapi.json} (docs/api.md).
 */
public final class QueryApi extends Construct {

    /**
     * @param handler       the query function (its SnapStart alias)
     * @param throttleRate  steady requests per second for the stage
     * @param throttleBurst burst for the stage
     */
    public record Props(IFunction handler, String stageName, double throttleRate, int throttleBurst) {}

    private final RestApi api;

    public QueryApi(Construct scope, String id, Props props) {
        super(scope, id);
        LogGroup accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(RetentionDays.THREE_MONTHS)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        this.api = RestApi.Builder.create(this, "Api")
                .description("featurestore: read feature groups (SigV4-signed requests only)")
                .endpointTypes(List.of(EndpointType.REGIONAL))
                // API Gateway needs one account-wide role to write access logs; kept on stack deletion
                // because other APIs of the account may rely on it
                .cloudWatchRole(true)
                .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
                .defaultMethodOptions(MethodOptions.builder().authorizationType(AuthorizationType.IAM).build())
                .deployOptions(StageOptions.builder()
                        .stageName(props.stageName())
                        .throttlingRateLimit(props.throttleRate())
                        .throttlingBurstLimit(props.throttleBurst())
                        .loggingLevel(MethodLoggingLevel.ERROR)
                        .dataTraceEnabled(false)
                        .accessLogDestination(new LogGroupLogDestination(accessLogs))
                        .accessLogFormat(AccessLogFormat.jsonWithStandardFields())
                        .build())
                .build();
        LambdaIntegration integration = LambdaIntegration.Builder.create(props.handler()).proxy(true)
                // one invoke permission for the whole API instead of two per method
                .scopePermissionToMethod(false).build();
        IResource groups = api.getRoot().addResource("groups");
        groups.addMethod("GET", integration);
        IResource group = groups.addResource("{group}");
        group.addMethod("GET", integration);
        group.addResource("features").addMethod("POST", integration);
        group.addResource("drift").addMethod("GET", integration);
        // entity lookups by id (ranged reads of the version's buckets) and point-in-time training sets (Athena)
        group.addResource("entities").addResource("{id}").addMethod("GET", integration);
        group.addResource("training-set").addMethod("POST", integration);
        // calculation runs: POST starts the group's state machine for the caller's org, GET lists or polls runs
        IResource runs = group.addResource("runs");
        runs.addMethod("GET", integration);
        runs.addMethod("POST", integration);
        runs.addResource("{run}").addMethod("GET", integration);
        // reproductions: POST rebuilds a version in the state machine's reproduce mode, GET polls it for the report
        IResource reproductions = group.addResource("versions").addResource("{version}").addResource("reproductions");
        reproductions.addMethod("POST", integration);
        reproductions.addResource("{reproduction}").addMethod("GET", integration);
        // long exports answer 202 with a query id (API Gateway's 29 s limit); the client polls here
        api.getRoot().addResource("queries").addResource("{id}").addMethod("GET", integration);
        // the API's contract (docs/api.md), answered by the same router
        api.getRoot().addResource("openapi.json").addMethod("GET", integration);
    }

    public RestApi api() {
        return api;
    }

    public String url() {
        return api.getUrl();
    }
}
