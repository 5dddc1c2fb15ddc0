package dev.featurestore.parquet;

/**
 * Sees every page a {@link ParquetRowWriter} writes, just before it is encoded: the rows written since the last
 * page, read from the writer's buffers ({@link BufferedPage}). Called on the writing thread; the page is valid
 * only during the call.
 */
@FunctionalInterface
public interface PageListener {
    void page(BufferedPage page);
}
