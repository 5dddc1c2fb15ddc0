package dev.featurestore.catalog;

import dev.featurestore.types.Schema;
import java.util.List;
import java.util.Map;

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

    /**
     * {@link #ensureTable(String, Schema, String)}, also setting each column's comment (field name to text, see
     * {@link ColumnComments}; a field without an entry gets none), so that users of the table see what a column
     * means. Comments are updated when they change, even when the columns do not. A catalog that keeps no
     * comments (the local JSON catalog: the catalog page reads the docs from the manifest) ignores them.
     */
    default List<String> ensureTable(String group, Schema schema, String location, Map<String, String> comments) {
        return ensureTable(group, schema, location);
    }

    void addPartition(String group, String org, String version, String location);

    void dropPartition(String group, String org, String version);

    List<String> partitions(String group, String org);
}
