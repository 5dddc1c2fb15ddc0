package dev.featurestore.version;

import dev.featurestore.catalog.Catalog;
import dev.featurestore.error.ConflictException;
import dev.featurestore.error.NotFoundException;
import dev.featurestore.error.UsageException;
import dev.featurestore.storage.ObjectStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Versions of a group for one org over an {@link ObjectStore}: the {@code _current} pointer, the publish
 * history (for as-of reads), pins, retention, run records and the per group/org run lock.
 *
 * <p>Publishing is one object write of the pointer (atomic on S3 and locally): a reader resolves the pointer
 * once and then reads only that version's immutable files, so it sees the old or the new version, never a mix.
 */
public final class VersionStore {
    private static final Logger LOG = LoggerFactory.getLogger(VersionStore.class);
    public static final Duration DEFAULT_LOCK_TTL = Duration.ofHours(3);
    /**
     * How long retention leaves a version after it stopped being current: longer than any read (a reader resolves
     * the pointer once, then reads that version's files), so a get never loses its files mid-read.
     */
    public static final Duration RETENTION_GRACE = Duration.ofHours(1);
    /** The as-of instants a read accepts: ISO-8601 years with four digits. */
    static final Instant EARLIEST_AS_OF = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST_AS_OF = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private final ObjectStore store;
    private final Clock clock;
    private final Duration lockTtl;
    private final LockOwner owner;

    public VersionStore(ObjectStore store, Clock clock, Duration lockTtl) {
        this(store, clock, lockTtl, LockOwner.REMOTE);
    }

    public VersionStore(ObjectStore store, Clock clock, Duration lockTtl, LockOwner owner) {
        this.store = store;
        this.clock = clock;
        this.lockTtl = lockTtl;
        this.owner = owner;
    }

    /** How long a run lock lives without renewal: the prod execution timeout must stay below it. */
    public Duration lockTtl() {
        return lockTtl;
    }

    public static VersionStore create(ObjectStore store) {
        return new VersionStore(store, Clock.systemUTC(), DEFAULT_LOCK_TTL);
    }

    public ObjectStore objectStore() {
        return store;
    }

    /** The published version, if any. */
    public Optional<String> current(String group, String org) {
        return store.get(Layout.current(group, org)).map(b -> new String(b, StandardCharsets.UTF_8).trim());
    }

    /** The published version or a NotFoundException telling how to create one. */
    public String requireCurrent(String group, String org) {
        return current(group, org).orElseThrow(() -> new NotFoundException("Cannot find a published version of group '"
                + group + "' for org '" + org + "' (run: featurestore calculate " + group + " --org " + org + ")"));
    }

    public Manifest manifest(String group, String org, String version) {
        String key = Layout.manifest(group, org, version);
        byte[] bytes = store.get(key).orElseThrow(() -> new NotFoundException("Cannot find version '" + version
                + "' of group '" + group + "' for org '" + org + "' (list them with: featurestore versions " + group
                + " --org " + org + ")"));
        return Json.read(bytes, Manifest.class, key);
    }

    /**
     * Checks the version's files in the store against its manifest with one listing of its prefix: sizes,
     * ETags where recorded, no unlisted data file. A mismatch is a DataException naming the file.
     */
    public void verifyFiles(Manifest manifest) {
        new DataFileCheck(manifest.group(), manifest.org(), manifest.version()).againstListing(manifest.files(),
                store.listWithSizes(Layout.version(manifest.group(), manifest.org(), manifest.version())));
    }

    public void writeManifest(Manifest manifest) {
        store.put(Layout.manifest(manifest.group(), manifest.org(), manifest.version()), Json.write(manifest));
    }

    private static java.time.Instant createdAt(VersionInfo v) {
        try {
            return java.time.Instant.parse(v.createdAt());
        } catch (RuntimeException e) {
            return java.time.Instant.EPOCH; // a manifest without a readable time sorts first, by id
        }
    }

    /** Every version with a manifest, oldest first. */
    public List<VersionInfo> versions(String group, String org) {
        String prefix = Layout.orgPrefix(group, org);
        Optional<String> current = current(group, org);
        List<String> pinned = pinned(group, org);
        List<VersionInfo> versions = new ArrayList<>();
        for (String key : store.list(prefix)) {
            if (key.endsWith("/" + Layout.MANIFEST) && key.startsWith(prefix + "version=")) {
                Manifest m = Json.read(store.get(key).orElseThrow(), Manifest.class, key);
                long bytes = m.files().stream().mapToLong(Manifest.DataFile::bytes).sum();
                versions.add(new VersionInfo(m.version(), m.createdAt(), m.rowCount(), m.configHash(), bytes,
                        current.map(m.version()::equals).orElse(false), pinned.contains(m.version()), m));
            }
        }
        // oldest first by creation time; ids alone misorder two versions made in the same second (random suffix)
        versions.sort(java.util.Comparator.comparing((VersionInfo v) -> createdAt(v)).thenComparing(VersionInfo::version));
        return versions;
    }

    /**
     * Points readers at {@code version} (a new version, or an older one to roll back). The version must have a
     * manifest. Records the publish in the history so as-of reads can find it.
     */
    public void publish(String group, String org, String version, String reason) {
        manifest(group, org, version); // must exist
        Optional<String> previous = current(group, org);
        Instant now = clock.instant();
        store.put(Layout.current(group, org), version.getBytes(StandardCharsets.UTF_8));
        String entry = "{\"version\":\"" + version + "\",\"published_at\":\"" + now + "\",\"reason\":\""
                + reason.replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"previous\":"
                + previous.map(p -> "\"" + p + "\"").orElse("null") + "}\n";
        store.put(Layout.historyPrefix(group, org) + String.format("%015d", now.toEpochMilli()) + "-" + version + ".json",
                entry.getBytes(StandardCharsets.UTF_8));
        LOG.info("published group={} org={} version={} previous={} reason={}", group, org, version, previous.orElse("-"), reason);
    }

    /** One publish of the history: when a version became current (a rollback is a publish of an older version). */
    public record Publish(Instant publishedAt, String version) {
    }

    /** Every publish of the group/org, oldest first (a rollback appears as a later publish of an older version). */
    public List<Publish> history(String group, String org) {
        String prefix = Layout.historyPrefix(group, org);
        List<Publish> history = new ArrayList<>();
        for (String key : store.list(prefix)) {
            String name = key.substring(prefix.length());
            int dash = name.indexOf('-');
            if (dash < 0 || !name.endsWith(".json")) {
                continue;
            }
            history.add(new Publish(Instant.ofEpochMilli(Long.parseLong(name.substring(0, dash))),
                    name.substring(dash + 1, name.length() - ".json".length())));
        }
        return history;
    }

    /**
     * The versions that were current at some time after {@code since}: a reader that resolved the pointer then may
     * still be reading their files, so retention leaves them for {@link #RETENTION_GRACE}.
     */
    private java.util.Set<String> servedSince(String group, String org, Instant since) {
        java.util.Set<String> served = new java.util.HashSet<>();
        List<Publish> history = history(group, org);
        for (int i = 1; i < history.size(); i++) {
            if (!history.get(i).publishedAt().isBefore(since)) {
                served.add(history.get(i - 1).version()); // replaced by this publish, recently
            }
        }
        return served;
    }

    /** The version that was current at {@code at}: the last one published at or before it. */
    public String asOf(String group, String org, Instant at) {
        if (at.isBefore(EARLIEST_AS_OF) || at.isAfter(LATEST_AS_OF)) {
            throw new UsageException("Cannot read as of " + at + ": outside the years 0001 to 9999"
                    + " (give an ISO-8601 instant such as 2026-11-24T00:00:00Z)");
        }
        String prefix = Layout.historyPrefix(group, org);
        String found = null;
        String first = null;
        for (String key : store.list(prefix)) {
            String name = key.substring(prefix.length());
            int dash = name.indexOf('-');
            if (dash < 0 || !name.endsWith(".json")) {
                continue;
            }
            long millis = Long.parseLong(name.substring(0, dash));
            String version = name.substring(dash + 1, name.length() - ".json".length());
            if (first == null) {
                first = Instant.ofEpochMilli(millis).toString();
            }
            if (!Instant.ofEpochMilli(millis).isAfter(at)) {
                found = version;
            }
        }
        if (found == null) {
            throw new NotFoundException("Cannot find a version of group '" + group + "' for org '" + org
                    + "' published at or before " + at + (first == null ? " (none was ever published)" : " (the first was published at " + first + ")"));
        }
        return found;
    }

    public void pin(String group, String org, String version) {
        manifest(group, org, version);
        store.put(Layout.pinsPrefix(group, org) + version, clock.instant().toString().getBytes(StandardCharsets.UTF_8));
    }

    public void unpin(String group, String org, String version) {
        store.delete(Layout.pinsPrefix(group, org) + version);
    }

    public List<String> pinned(String group, String org) {
        String prefix = Layout.pinsPrefix(group, org);
        return store.list(prefix).stream().map(k -> k.substring(prefix.length())).toList();
    }

    /**
     * Keeps the newest {@code keep} versions plus the current and the pinned ones, and those current within the
     * last {@link #RETENTION_GRACE} (readers may still read them); deletes the others' files and catalog
     * partitions. Returns the deleted versions.
     */
    public List<String> applyRetention(String group, String org, int keep, Catalog catalog) {
        List<VersionInfo> all = versions(group, org);
        java.util.Set<String> recentlyServed = servedSince(group, org, clock.instant().minus(RETENTION_GRACE));
        List<String> deleted = new ArrayList<>();
        for (int i = 0; i < all.size() - keep; i++) { // oldest first; the newest `keep` are never reached
            VersionInfo v = all.get(i);
            if (v.current() || v.pinned() || recentlyServed.contains(v.version())) {
                continue;
            }
            // the manifest goes first: a version without one is invisible, so a crash mid-way leaves no half version
            store.delete(Layout.manifest(group, org, v.version()));
            store.deletePrefix(Layout.version(group, org, v.version()));
            catalog.dropPartition(group, org, v.version());
            deleted.add(v.version());
        }
        if (!deleted.isEmpty()) {
            LOG.info("retention group={} org={} keep={} deleted={}", group, org, keep, deleted);
        }
        return deleted;
    }

    // ---- runs and the run lock

    /** Who holds a run lock, since when, until when; {@code etag} is what a compare-and-swap of it compares. */
    public record LockHolder(String runId, Instant takenAt, Instant expiresAt, String owner, String etag) {
        boolean expiredAt(Instant now) {
            return expiresAt.isBefore(now);
        }
    }

    /**
     * Takes the group/org run lock for {@code runId}, or says who holds it. Every change of the lock is a
     * compare-and-swap ({@link ObjectStore#putIfAbsent}, {@link ObjectStore#replaceIfMatch} on the holder's entity
     * tag), so of two runs taking over the same expired lock exactly one wins. A lock past its lifetime, or whose
     * owner is known to be gone ({@link LockOwner}: a dead local process), is taken over.
     */
    public void lock(String group, String org, String runId) {
        String key = Layout.lock(group, org);
        Instant now = clock.instant();
        byte[] content = lockContent(runId, now);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (store.putIfAbsent(key, content)) {
                return;
            }
            Optional<LockHolder> holder = lockHolder(group, org);
            if (holder.isEmpty()) {
                continue; // released meanwhile: try to create it again
            }
            LockHolder h = holder.get();
            if (h.runId().equals(runId)) {
                return; // ours: the answer to our own conditional write was lost and the SDK's retry saw it done
            }
            boolean expired = h.expiredAt(now);
            if (!expired && !owner.isGone(h.owner())) {
                throw held(group, org, key, h);
            }
            if (store.replaceIfMatch(key, content, h.etag())) {
                LOG.warn("took over {} lock group={} org={} heldBy={} since={} owner={}", expired ? "an expired" : "a dead owner's",
                        group, org, h.runId(), h.takenAt(), h.owner());
                return;
            }
            // another run changed it first: look again
        }
        throw held(group, org, key, lockHolder(group, org).orElse(null));
    }

    private ConflictException held(String group, String org, String key, LockHolder h) {
        String who = h == null ? "another run" : "run " + h.runId() + " started at " + h.takenAt();
        return new ConflictException("Cannot calculate group '" + group + "' for org '" + org + "': " + who
                + " is still running (wait for it to finish; if it died, it expires after " + lockTtl.toMinutes()
                + " minutes or delete " + store.uri(key) + ")");
    }

    /**
     * Extends the lock of {@code runId} by its lifetime from now, as a compare-and-swap: proof that the run still
     * holds it, and a fence for what follows (no run may take it over for another lifetime). The Merge step
     * renews right before publishing; a run that lost its lock is refused.
     */
    public void renewLock(String group, String org, String runId) {
        Instant now = clock.instant();
        Optional<LockHolder> holder = lockHolder(group, org);
        if (holder.isPresent() && holder.get().runId().equals(runId)) {
            if (store.replaceIfMatch(Layout.lock(group, org), lockContent(runId, holder.get().takenAt(), now), holder.get().etag())) {
                return;
            }
            // refused, unless our own write landed and only its answer was lost (the SDK's retry then saw a new ETag)
            holder = lockHolder(group, org);
            if (holder.isPresent() && holder.get().runId().equals(runId) && holder.get().expiresAt().equals(now.plus(lockTtl))) {
                return;
            }
        }
        throw new ConflictException("Cannot complete run " + runId + " of group '" + group + "' for org '" + org
                + "': it no longer holds the run lock (" + holder.map(h -> h.runId().equals(runId) ? "it changed meanwhile"
                : "run " + h.runId() + " took it over").orElse("it was released") + "; start a new run)");
    }

    /** The lock's holder, if it is held. */
    public Optional<LockHolder> lockHolder(String group, String org) {
        return store.getTagged(Layout.lock(group, org)).map(t -> {
            String[] lines = new String(t.bytes(), StandardCharsets.UTF_8).split("\n");
            Instant taken = lines.length > 1 ? parseInstant(lines[1]) : Instant.EPOCH;
            Instant expires = lines.length > 2 ? parseInstant(lines[2]) : Instant.EPOCH;
            return new LockHolder(lines[0], taken, expires, lines.length > 3 ? lines[3] : "", t.etag());
        });
    }

    private static Instant parseInstant(String s) {
        try {
            return Instant.parse(s.trim());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH; // unreadable: treated as long expired
        }
    }

    private byte[] lockContent(String runId, Instant now) {
        return lockContent(runId, now, now);
    }

    /** Lines: run id, taken at, expires at, owner. */
    private byte[] lockContent(String runId, Instant takenAt, Instant renewedAt) {
        return (runId + "\n" + takenAt + "\n" + renewedAt.plus(lockTtl) + "\n" + owner.describe() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** Whether {@code runId} holds the lock. */
    public boolean holdsLock(String group, String org, String runId) {
        return lockHolder(group, org).map(h -> h.runId().equals(runId)).orElse(false);
    }

    /** Releases the lock if {@code runId} still holds it (a conditional delete: never someone else's lock). */
    public void unlock(String group, String org, String runId) {
        Optional<LockHolder> holder = lockHolder(group, org);
        if (holder.isPresent() && holder.get().runId().equals(runId)
                && !store.deleteIfMatch(Layout.lock(group, org), holder.get().etag())) {
            LOG.warn("lock changed while releasing it group={} org={} run={}: another run holds it now", group, org, runId);
        }
    }

    public void recordRun(RunRecord run) {
        store.put(Layout.run(run.group(), run.org(), run.runId()), Json.write(run));
    }

    public Optional<RunRecord> run(String group, String org, String runId) {
        String key = Layout.run(group, org, runId);
        return store.get(key).map(b -> Json.read(b, RunRecord.class, key));
    }

    public List<RunRecord> runs(String group, String org) {
        String prefix = Layout.runsPrefix(group, org);
        List<RunRecord> runs = new ArrayList<>();
        for (String key : store.list(prefix)) {
            store.get(key).ifPresent(b -> runs.add(Json.read(b, RunRecord.class, key)));
        }
        return runs;
    }

    public Clock clock() {
        return clock;
    }
}
