package dev.featurestore.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.athena.CfnWorkGroup;
import software.constructs.Construct;

/**
 * The Athena workgroup every query of the environment runs in. Its configuration is enforced, so a
 * client cannot lift the bytes-scanned cutoff or write results outside the data lake.
 */
public final class AthenaWorkgroup extends Construct {

    /**
     * @param name               the workgroup name
     * @param bytesScannedCutoff Athena cancels a query that would scan more
     * @param resultsLocation    {@code s3://bucket/prefix/} for query results
     */
    public record Props(String name, long bytesScannedCutoff, String resultsLocation) {}

    private final String name;
    private final String arn;

    public AthenaWorkgroup(Construct scope, String id, Props props) {
        super(scope, id);
        CfnWorkGroup workgroup = CfnWorkGroup.Builder.create(this, "WorkGroup")
                .name(props.name())
                .description("featurestore queries: get features, SQL feature functions, exports")
                .state("ENABLED")
                .recursiveDeleteOption(true)
                .workGroupConfiguration(CfnWorkGroup.WorkGroupConfigurationProperty.builder()
                        .bytesScannedCutoffPerQuery(props.bytesScannedCutoff())
                        .enforceWorkGroupConfiguration(true)
                        .publishCloudWatchMetricsEnabled(true)
                        .engineVersion(CfnWorkGroup.EngineVersionProperty.builder()
                                .selectedEngineVersion("Athena engine version 3").build())
                        .resultConfiguration(CfnWorkGroup.ResultConfigurationProperty.builder()
                                .outputLocation(props.resultsLocation())
                                .encryptionConfiguration(CfnWorkGroup.EncryptionConfigurationProperty.builder()
                                        .encryptionOption("SSE_S3").build())
                                .build())
                        .build())
                .build();
        this.name = workgroup.getRef();
        Stack stack = Stack.of(this);
        this.arn = "arn:" + stack.getPartition() + ":athena:" + stack.getRegion() + ":" + stack.getAccount()
                + ":workgroup/" + props.name();
    }

    /** The workgroup name (a reference, so dependents wait for it). */
    public String name() {
        return name;
    }

    public String arn() {
        return arn;
    }
}
