package dev.featurestore.drift;

import dev.featurestore.config.DriftSettings;
import dev.featurestore.stats.ColumnStats;
import dev.featurestore.stats.NumericStats;
import dev.featurestore.stats.StringStats;
import dev.featurestore.stats.TopValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Computes the drift between two versions from their stored statistics.
 *
 * <p>Population stability index: PSI = Σ (t_i − b_i) · ln(t_i / b_i) over bins i, where b_i and t_i are the
 * shares of the baseline ({@code from}) and the compared ({@code to}) version in bin i, each at least
 * {@link #EPSILON} so an empty bin does not make it infinite. Bins: for numbers, dates and timestamps the
 * baseline's deciles (up to 10 bins, fewer when deciles tie), shares read off both versions' stored
 * percentiles; for strings the baseline's top values plus "other"; for booleans true, false and null.
 * Numeric and string PSI is over non-null values: the null rate is compared on its own.
 */
public final class DriftCalculator {
    /** The smallest share a bin is given in the PSI (a smoothing of empty bins). */
    public static final double EPSILON = 1e-4;
    static final int PSI_BINS = 10;
    static final int HISTOGRAM_BINS = 20;
    static final String OTHER = "(other)";

    private DriftCalculator() {
    }

    public static DriftReport compare(String group, String org, VersionStats from, VersionStats to,
                                      DriftSettings thresholds) {
        Set<String> names = new LinkedHashSet<>(to.columns().keySet());
        names.addAll(from.columns().keySet());
        List<FieldDrift> fields = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        for (String name : names) {
            FieldDrift drift = field(name, from.columns().get(name), to.columns().get(name), thresholds)
                    .withSummaries(FieldSummary.of(from.columns().get(name)), FieldSummary.of(to.columns().get(name)));
            fields.add(drift);
            if (drift.flagged()) {
                flagged.add(name);
            }
        }
        return new DriftReport(group, org, new VersionSummary(from.version(), from.rows()),
                new VersionSummary(to.version(), to.rows()), thresholds, fields, flagged);
    }

    static FieldDrift field(String name, ColumnStats from, ColumnStats to, DriftSettings thresholds) {
        List<String> reasons = new ArrayList<>();
        if (from == null) {
            return new FieldDrift(name, FieldChange.ADDED, null, to.type(), null, 0, to.nullRate(), 0, false,
                    List.of("added"), null, null, null);
        }
        if (to == null) {
            return new FieldDrift(name, FieldChange.REMOVED, from.type(), null, null, from.nullRate(), 0, 0, true,
                    List.of("removed"), null, null, null);
        }
        FieldChange change = FieldChange.UNCHANGED;
        if (!from.type().equals(to.type())) {
            change = FieldChange.TYPE_CHANGED;
            reasons.add("type " + from.type() + " → " + to.type());
        }
        Distribution d = distribution(from, to);
        Double psi = d == null ? null : psi(d.bins);
        List<Bin> bins = d == null ? List.of() : withPsiTerms(d.bins);
        if (psi != null && psi > thresholds.psi()) {
            reasons.add(String.format(Locale.ROOT, "psi %.3f > %.3g", psi, thresholds.psi()));
        }
        double nullChange = to.nullRate() - from.nullRate();
        if (Math.abs(nullChange) > thresholds.nullRate()) {
            reasons.add(String.format(Locale.ROOT, "null rate %+.1f pp (limit %.1f pp)", nullChange * 100,
                    thresholds.nullRate() * 100));
        }
        return new FieldDrift(name, change, from.type(), to.type(), psi, from.nullRate(), to.nullRate(), nullChange,
                !reasons.isEmpty(), reasons, d == null ? null : d.binning, bins, d == null ? null : d.histogram);
    }

    private record Distribution(String binning, List<Bin> bins, List<Bin> histogram) {
    }

    private static Distribution distribution(ColumnStats from, ColumnStats to) {
        if (from.booleans() != null && to.booleans() != null) {
            List<Bin> bins = booleanBins(from, to);
            return new Distribution("boolean", bins, bins);
        }
        if (from.numeric() != null && to.numeric() != null) {
            return new Distribution("quantile", quantileBins(from.numeric(), to.numeric(), to.type()),
                    histogram(from.numeric(), to.numeric(), to.type()));
        }
        if (from.strings() != null && to.strings() != null) {
            List<Bin> bins = categoryBins(from, to);
            return new Distribution("category", bins, bins);
        }
        return null;
    }

    static double psi(List<Bin> bins) {
        double psi = 0;
        for (Bin b : bins) {
            psi += term(b.from(), b.to());
        }
        return psi;
    }

    private static double term(double from, double to) {
        double b = Math.max(from, EPSILON);
        double t = Math.max(to, EPSILON);
        return (t - b) * Math.log(t / b);
    }

    private static List<Bin> withPsiTerms(List<Bin> bins) {
        List<Bin> out = new ArrayList<>(bins.size());
        for (Bin b : bins) {
            out.add(new Bin(b.label(), b.lower(), b.upper(), b.from(), b.to(), term(b.from(), b.to())));
        }
        return out;
    }

    private static List<Bin> booleanBins(ColumnStats from, ColumnStats to) {
        double fr = Math.max(1, from.rows());
        double tr = Math.max(1, to.rows());
        return List.of(
                new Bin("true", null, null, from.booleans().trueCount() / fr, to.booleans().trueCount() / tr, null),
                new Bin("false", null, null, from.booleans().falseCount() / fr, to.booleans().falseCount() / tr, null),
                new Bin("null", null, null, from.nulls() / fr, to.nulls() / tr, null));
    }

    static List<Bin> quantileBins(NumericStats from, NumericStats to, String type) {
        QuantileCdf base = new QuantileCdf(from.quantiles());
        QuantileCdf other = new QuantileCdf(to.quantiles());
        TreeSet<Double> edges = new TreeSet<>();
        for (int i = 1; i < PSI_BINS; i++) {
            edges.add(base.percentile(i * 100 / PSI_BINS));
        }
        List<Double> cuts = new ArrayList<>(edges);
        List<Bin> bins = new ArrayList<>(cuts.size() + 1);
        for (int i = 0; i <= cuts.size(); i++) {
            Double lower = i == 0 ? null : cuts.get(i - 1);
            Double upper = i == cuts.size() ? null : cuts.get(i);
            bins.add(new Bin(rangeLabel(lower, upper, type), lower, upper, base.share(lower, upper),
                    other.share(lower, upper), null));
        }
        return bins;
    }

    private static String rangeLabel(Double lower, Double upper, String type) {
        if (lower == null && upper == null) {
            return "all";
        }
        if (lower == null) {
            return "≤ " + ValueFormat.format(type, upper);
        }
        if (upper == null) {
            return "> " + ValueFormat.format(type, lower);
        }
        return "(" + ValueFormat.format(type, lower) + ", " + ValueFormat.format(type, upper) + "]";
    }

    /** Equal-width display bins over both versions' 1st..99th percentiles; tails go to the end bins. */
    static List<Bin> histogram(NumericStats from, NumericStats to, String type) {
        QuantileCdf a = new QuantileCdf(from.quantiles());
        QuantileCdf b = new QuantileCdf(to.quantiles());
        double lo = Math.min(a.percentile(1), b.percentile(1));
        double hi = Math.max(a.percentile(99), b.percentile(99));
        if (!(hi > lo)) {
            lo = Math.min(from.min(), to.min());
            hi = Math.max(from.max(), to.max());
        }
        if (!(hi > lo)) {
            return List.of(new Bin(ValueFormat.format(type, lo), null, null, 1, 1, null));
        }
        boolean integral = type.equals("int") || type.equals("bigint") || type.equals("date");
        double width;
        if (integral) {
            // whole numbers per bin, each bin (k - 0.5, k + width - 0.5]: labels are the values themselves
            width = Math.max(1, Math.ceil((hi - lo) / HISTOGRAM_BINS));
            lo = Math.floor(lo) - 0.5;
        } else if (type.equals("timestamp")) {
            width = (hi - lo) / HISTOGRAM_BINS;
        } else {
            width = niceStep((hi - lo) / HISTOGRAM_BINS);
            lo = Math.floor(lo / width) * width;
        }
        int count = (int) Math.max(1, Math.ceil((hi - lo) / width - 1e-9));
        List<Bin> bins = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double lower = lo + i * width;
            double upper = i == count - 1 ? hi : lo + (i + 1) * width;
            Double l = i == 0 ? null : lower;
            Double u = i == count - 1 ? null : upper;
            String label = ValueFormat.format(type, integral ? lower + 0.5 : lower, width);
            bins.add(new Bin(label, i == 0 ? lower : l, i == count - 1 ? upper : u, a.share(l, u), b.share(l, u), null));
        }
        return bins;
    }

    /** The smallest 1, 2, 2.5 or 5 times a power of ten that is at least {@code raw}. */
    static double niceStep(double raw) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * power >= raw * (1 - 1e-12)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    static List<Bin> categoryBins(ColumnStats from, ColumnStats to) {
        StringStats base = from.strings();
        StringStats other = to.strings();
        Map<String, Long> targetCounts = new HashMap<>();
        for (TopValue t : other.top()) {
            targetCounts.put(t.value(), t.count());
        }
        // a baseline value missing from the target's list: 0 if that list is complete, else at most the
        // smallest listed count (and no more than all of the target's other values)
        boolean targetComplete = other.other() == 0 && other.maxError() == 0;
        long smallest = other.top().isEmpty() ? 0 : other.top().get(other.top().size() - 1).count();
        long unlistedBudget = other.other();
        double fromTotal = Math.max(1, from.count());
        double toTotal = Math.max(1, to.count());
        List<Bin> bins = new ArrayList<>();
        double fromListed = 0;
        double toListed = 0;
        for (TopValue t : base.top()) {
            Long listed = targetCounts.get(t.value());
            long estimate;
            if (listed != null) {
                estimate = listed;
            } else if (targetComplete) {
                estimate = 0;
            } else {
                estimate = Math.min(smallest, unlistedBudget);
                unlistedBudget -= estimate;
            }
            double f = t.count() / fromTotal;
            double s = estimate / toTotal;
            fromListed += f;
            toListed += s;
            bins.add(new Bin(t.value(), null, null, f, s, null));
        }
        bins.add(new Bin(OTHER, null, null, Math.max(0, 1 - fromListed), Math.max(0, 1 - toListed), null));
        return bins;
    }
}
