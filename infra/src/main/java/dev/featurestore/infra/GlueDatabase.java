package dev.featurestore.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.glue.CfnDatabase;
import software.constructs.Construct;

/**
 * The Glue database of one environment. Its tables (one per group, partitioned by org and version) are
 * created and evolved by the merge function at publish time, so a new field needs no deployment.
 */
public final class GlueDatabase extends Construct {

    /** @param databaseName the Glue database, e.g. {@code featurestore_dev} */
    public record Props(String databaseName, String description) {}

    private final String databaseName;
    private final String catalogArn;
    private final String databaseArn;
    private final String tablesArn;
    private final String tablePrefix;

    public GlueDatabase(Construct scope, String id, Props props) {
        super(scope, id);
        Stack stack = Stack.of(this);
        CfnDatabase database = CfnDatabase.Builder.create(this, "Database")
                .catalogId(stack.getAccount())
                .databaseInput(CfnDatabase.DatabaseInputProperty.builder()
                        .name(props.databaseName())
                        .description(props.description())
                        .build())
                .build();
        this.databaseName = database.getRef();
        String prefix = "arn:" + stack.getPartition() + ":glue:" + stack.getRegion() + ":" + stack.getAccount() + ":";
        this.catalogArn = prefix + "catalog";
        this.databaseArn = prefix + "database/" + props.databaseName();
        this.tablesArn = prefix + "table/" + props.databaseName() + "/*";
        this.tablePrefix = prefix + "table/" + props.databaseName() + "/";
    }

    /** The database name (a reference, so dependents wait for the database). */
    public String databaseName() {
        return databaseName;
    }

    public String catalogArn() {
        return catalogArn;
    }

    public String databaseArn() {
        return databaseArn;
    }

    /** Every table of this database (Glue authorizes table actions on catalog, database and table). */
    public String tablesArn() {
        return tablesArn;
    }

    /** The tables of this database whose names match a pattern, e.g. {@code _featurestore_tmp_*}. */
    public String tablesArn(String namePattern) {
        return tablePrefix + namePattern;
    }
}
