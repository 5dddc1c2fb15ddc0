package dev.featurestore.aws.sources;

import dev.featurestore.calculate.SourceFingerprints;
import dev.featurestore.calculate.SourceTables;
import dev.featurestore.config.ResolvedGroup;
import dev.featurestore.error.StorageException;
import dev.featurestore.version.Lineage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.glue.GlueClient;
import software.amazon.awssdk.services.glue.model.EntityNotFoundException;
import software.amazon.awssdk.services.glue.model.Table;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The AWS sources' fingerprint for a version's lineage: of the org's source tables (one {@code GetTables} listing of
 * the source database) those the run's queries read ({@link SourceTables#readBy}), each with its Glue table version
 * and S3 location, and per S3 object under that location its ETag and size ({@code ListObjectsV2}: nothing is
 * downloaded). A table with more than {@code maxObjects} objects is recorded as one entry for all of them (their
 * count, total size and the SHA-256 of every key, size and ETag) with a note saying so.
 */
public final class GlueSourceFingerprints implements SourceFingerprints {
    private static final Logger LOG = LoggerFactory.getLogger(GlueSourceFingerprints.class);
    /** Objects recorded one by one per table; beyond, one combined entry keeps the manifest small. */
    public static final int MAX_OBJECTS = 200;

    private final GlueClient glue;
    private final S3Client s3;
    private final Function<String, String> databaseOfOrg;
    private final int maxObjects;

    public GlueSourceFingerprints(GlueClient glue, S3Client s3, Function<String, String> databaseOfOrg, int maxObjects) {
        this.glue = glue;
        this.s3 = s3;
        this.databaseOfOrg = databaseOfOrg;
        this.maxObjects = maxObjects;
    }

    @Override
    public List<Lineage.SourceFingerprint> of(ResolvedGroup group, List<String> queries) {
        String database = databaseOfOrg.apply(group.org());
        Map<String, Table> tables = new LinkedHashMap<>();
        try {
            glue.getTablesPaginator(b -> b.databaseName(database)).forEach(page -> page.tableList().forEach(t -> tables.put(t.name(), t)));
        } catch (EntityNotFoundException e) {
            LOG.warn("source database {} does not exist: no source fingerprint recorded for group={} org={}", database, group.group(),
                    group.org());
            return List.of();
        } catch (SdkException e) {
            throw new StorageException("Cannot fingerprint the sources of group '" + group.group() + "' for org '" + group.org()
                    + "': Glue GetTables on database '" + database + "' said " + e.getMessage(), e);
        }
        List<Lineage.SourceFingerprint> out = new ArrayList<>();
        for (String name : SourceTables.readBy(List.copyOf(tables.keySet()), queries)) {
            out.addAll(table(group, tables.get(name)));
        }
        return out;
    }

    private List<Lineage.SourceFingerprint> table(ResolvedGroup group, Table t) {
        String location = t.storageDescriptor() == null ? null : t.storageDescriptor().location();
        List<Lineage.SourceFingerprint> out = new ArrayList<>();
        out.add(new Lineage.SourceFingerprint(t.name(), location, null, null, null, t.versionId()));
        if (location == null || !location.startsWith("s3://")) {
            LOG.warn("source table {} has no S3 location ({}): only its table version is recorded", t.name(), location);
            return out;
        }
        URI uri = URI.create(location);
        String bucket = uri.getHost();
        String path = uri.getPath().startsWith("/") ? uri.getPath().substring(1) : uri.getPath();
        String prefix = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        List<S3Object> objects = new ArrayList<>();
        try {
            s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
                    .filter(o -> !o.key().endsWith("/"))
                    .forEach(objects::add);
        } catch (SdkException e) {
            throw new StorageException("Cannot fingerprint source table '" + t.name() + "' of group '" + group.group() + "' for org '"
                    + group.org() + "': listing " + location + " said " + e.getMessage(), e);
        }
        if (objects.size() <= maxObjects) {
            for (S3Object o : objects) {
                out.add(new Lineage.SourceFingerprint(t.name(), "s3://" + bucket + "/" + o.key(), o.size(), null, o.eTag(), null));
            }
            return out;
        }
        long bytes = objects.stream().mapToLong(S3Object::size).sum();
        out.add(new Lineage.SourceFingerprint(t.name(), "s3://" + bucket + "/" + prefix + "*", bytes, null, combined(objects), null,
                (long) objects.size(), objects.size() + " objects, more than the " + maxObjects
                + " recorded one by one: etag is the SHA-256 of every object's key, size and ETag in key order"));
        return out;
    }

    private static String combined(List<S3Object> objects) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (S3Object o : objects) {
                sha.update((o.key() + "\t" + o.size() + "\t" + o.eTag() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
