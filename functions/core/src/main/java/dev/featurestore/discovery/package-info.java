/**
 * Feature discovery: who reads which fields ({@link UsageLog}, {@link UsageReport}) and the browsable catalog
 * of groups and fields with their documentation, current versions and statistics ({@link FeatureCatalog}).
 * No engine and no cloud SDK: usage lines are small JSON objects in the {@code ObjectStore} (the lake locally,
 * S3 on AWS), the catalog is built from configs and manifests. See docs/catalog.md.
 */
package dev.featurestore.discovery;
