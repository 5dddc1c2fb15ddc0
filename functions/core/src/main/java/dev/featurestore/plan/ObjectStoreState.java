package dev.featurestore.plan;

import dev.featurestore.storage.ObjectStore;
import dev.featurestore.version.Manifest;
import dev.featurestore.version.VersionInfo;
import dev.featurestore.version.VersionStore;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployed state read from a lake through the {@link ObjectStore} port: the versions' manifests, the same
 * for a local lake directory and for an environment's S3 bucket (see {@link EnvironmentLakes}).
 */
public final class ObjectStoreState implements DeployedState {
    private static final Pattern ORG_PREFIX = Pattern.compile("features/([^/]+)/org=([^/]+)/.*");

    private final VersionStore versions;

    public ObjectStoreState(VersionStore versions) {
        this.versions = versions;
    }

    /** Reads the lake in {@code store} (read only: the plan takes no lock and writes nothing). */
    public static ObjectStoreState of(ObjectStore store) {
        return new ObjectStoreState(VersionStore.create(store));
    }

    @Override
    public List<GroupOrg> groupOrgs() {
        Set<GroupOrg> found = new LinkedHashSet<>();
        for (String key : versions.objectStore().list("features/")) {
            Matcher m = ORG_PREFIX.matcher(key);
            if (m.matches()) {
                found.add(new GroupOrg(m.group(1), m.group(2)));
            }
        }
        List<GroupOrg> sorted = new ArrayList<>(found);
        sorted.sort(java.util.Comparator.comparing(GroupOrg::group).thenComparing(GroupOrg::org));
        return sorted;
    }

    @Override
    public Optional<Manifest> latest(String group, String org) {
        List<VersionInfo> all = versions.versions(group, org);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.getLast().manifest());
    }

    @Override
    public Optional<Manifest> published(String group, String org) {
        return versions.current(group, org).map(v -> versions.manifest(group, org, v));
    }
}
