package dev.featurestore.trainingset;

import dev.featurestore.version.VersionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which version an event time reads, from the publish history (docs/versions.md, "Point-in-time reads"). Each
 * publish of version v, whose data is as of d(v), declares: "from d(v) on, the world is v". Publishes are
 * applied in history order, each overriding the timeline from its d(v) on. So an event time t reads the version
 * of the last publish whose data was as of t or earlier: never data from after t (no leakage), and a version
 * withdrawn by a rollback (a later publish of an older version) is not read from the rollback's d on.
 */
final class ValidityTimeline {
    private ValidityTimeline() {
    }

    /**
     * The timeline as validities with strictly increasing starts. Before the first start no version applies.
     *
     * @param dataAsOf each published version's data-as-of time; a version missing from it (manifest without the
     *                 time, or deleted by retention) counts as of its publish time
     */
    static List<Validity> of(List<VersionStore.Publish> history, Map<String, Instant> dataAsOf) {
        List<Validity> timeline = new ArrayList<>();
        for (VersionStore.Publish p : history) {
            Instant d = dataAsOf.getOrDefault(p.version(), p.publishedAt());
            while (!timeline.isEmpty() && !timeline.get(timeline.size() - 1).from().isBefore(d)) {
                timeline.remove(timeline.size() - 1);
            }
            if (timeline.isEmpty() || !timeline.get(timeline.size() - 1).version().equals(p.version())) {
                timeline.add(new Validity(d, p.version()));
            }
        }
        return List.copyOf(timeline);
    }
}
