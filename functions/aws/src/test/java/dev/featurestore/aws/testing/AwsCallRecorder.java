package dev.featurestore.aws.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.glue.model.DatabaseInput;
import software.amazon.awssdk.services.glue.model.TableInput;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;

/**
 * Records every AWS call made through the clients it is added to ({@code AwsClients.withInterceptor}), as the
 * IAM action it needs and the resource ARNs IAM checks it against: what the least-privilege test compares with a
 * function's synthesized policy. S3 object operations name {@code arn:aws:s3:::bucket/key} (a batch delete one
 * per key, as IAM evaluates it), listing names the bucket; Glue names the catalog, database and table it touches;
 * Athena names the workgroup the query runs in (a query's later calls inherit it from StartQueryExecution).
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

    /** One authorization IAM makes for a call: {@code action} on {@code resource}. */
    public record Call(String operation, String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource + " (" + operation + ")";
        }
    }

    private final String account;
    private final String region;
    private final String defaultWorkgroup;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final Map<String, String> workgroupOfQuery = new ConcurrentHashMap<>();

    /** @param defaultWorkgroup the workgroup of Athena calls that name none (the runtime's) */
    public AwsCallRecorder(String account, String region, String defaultWorkgroup) {
        this.account = account;
        this.region = region;
        this.defaultWorkgroup = defaultWorkgroup;
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    public void clear() {
        calls.clear();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        SdkRequest request = context.request();
        switch (service) {
            case "S3" -> s3(operation, request);
            case "Glue" -> glue(operation, request);
            case "Athena" -> athena(operation, request);
            default -> calls.add(new Call(operation, service.toLowerCase() + ":" + operation, "*"));
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        if ("StartQueryExecution".equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
            SdkResponse response = context.response();
            response.getValueForField("QueryExecutionId", String.class).ifPresent(id -> workgroupOfQuery.put(id,
                    context.request().getValueForField("WorkGroup", String.class).orElse(defaultWorkgroup)));
        }
    }

    private void s3(String operation, SdkRequest request) {
        String bucket = request.getValueForField("Bucket", String.class).orElse("");
        String object = "arn:aws:s3:::" + bucket + "/";
        switch (operation) {
            case "GetObject", "HeadObject" -> add(operation, "s3:GetObject", object + key(request));
            case "PutObject", "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload" ->
                    add(operation, "s3:PutObject", object + key(request));
            case "AbortMultipartUpload" -> add(operation, "s3:AbortMultipartUpload", object + key(request));
            case "DeleteObject" -> add(operation, "s3:DeleteObject", object + key(request));
            case "DeleteObjects" -> {
                for (ObjectIdentifier id : request.getValueForField("Delete", Delete.class).map(Delete::objects).orElse(List.of())) {
                    add(operation, "s3:DeleteObject", object + id.key());
                }
            }
            case "ListObjectsV2", "ListObjects" -> add(operation, "s3:ListBucket", "arn:aws:s3:::" + bucket);
            default -> add(operation, "s3:" + operation, "arn:aws:s3:::" + bucket);
        }
    }

    private void glue(String operation, SdkRequest request) {
        String prefix = "arn:aws:glue:" + region + ":" + account + ":";
        String database = request.getValueForField("DatabaseName", String.class)
                .or(() -> operation.equals("GetDatabase") ? request.getValueForField("Name", String.class) : Optional.empty())
                .or(() -> request.getValueForField("DatabaseInput", DatabaseInput.class).map(DatabaseInput::name))
                .orElse(null);
        String table = request.getValueForField("TableName", String.class)
                .or(() -> request.getValueForField("TableInput", TableInput.class).map(TableInput::name))
                .or(() -> operation.equals("GetTable") || operation.equals("DeleteTable")
                        ? request.getValueForField("Name", String.class) : Optional.empty())
                .orElse(null);
        List<String> resources = new ArrayList<>();
        resources.add(prefix + "catalog");
        if (database != null) {
            resources.add(prefix + "database/" + database);
            if (table != null) {
                resources.add(prefix + "table/" + database + "/" + table);
            }
        }
        for (String resource : resources) {
            add(operation, "glue:" + operation, resource);
        }
    }

    private void athena(String operation, SdkRequest request) {
        String workgroup = request.getValueForField("WorkGroup", String.class)
                .or(() -> request.getValueForField("QueryExecutionId", String.class).map(workgroupOfQuery::get))
                .orElse(defaultWorkgroup);
        add(operation, "athena:" + operation, "arn:aws:athena:" + region + ":" + account + ":workgroup/" + workgroup);
    }

    private static String key(SdkRequest request) {
        return request.getValueForField("Key", String.class).orElse("");
    }

    private void add(String operation, String action, String resource) {
        calls.add(new Call(operation, action, resource));
    }
}
