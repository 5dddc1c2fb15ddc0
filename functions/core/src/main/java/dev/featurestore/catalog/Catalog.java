package dev.featurestore.catalog;

import dev.featurestore.types.Schema;
import java.util.List;

/**
 * The table catalog (Glue on AWS, a JSON catalog locally): one table per group with columns {@code id} +
 * fields, partitioned by {@code org} and {@code version}.
 */
public interface Catalog {

    /**
     * Creates the group's table, or evolves it to {@code schema}: new fields are added, changed types
     * updated. Fields that the table has and the schema has not are kept (old versions still hold them) and
     * returned, so the caller can report them.
     *
     * @return the names of fields the table has that {@code schema} does not declare
     */
    List<String> ensureTable(String group, Schema schema, String location);

    void addPartition(String group, String org, String version, String location);

    void dropPartition(String group, String org, String version);

    List<String> partitions(String group, String org);
}
