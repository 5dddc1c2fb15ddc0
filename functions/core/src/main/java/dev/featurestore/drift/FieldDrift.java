package dev.featurestore.drift;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The drift of one field. {@code psi} is absent when it cannot be computed (the field is missing on one side,
 * has no values on one side, or changed kind). {@code binning} says how the PSI bins were made:
 * {@code quantile} (numbers, dates, timestamps: the baseline's deciles), {@code category} (strings: the
 * baseline's top values plus other) or {@code boolean} (true, false, null). {@code histogram} is for display:
 * equal-width bins over both versions' 1st..99th percentiles for numbers, the PSI bins otherwise.
 * {@code fromSummary}/{@code toSummary}: nulls, distinct, min, max, mean of each version (absent on a side
 * where the field does not exist).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldDrift(String field, FieldChange change, String fromType, String toType, Double psi,
                         double fromNullRate, double toNullRate, double nullRateChange, boolean flagged,
                         List<String> reasons, String binning, List<Bin> bins, List<Bin> histogram,
                         FieldSummary fromSummary, FieldSummary toSummary) {
    public FieldDrift {
        reasons = List.copyOf(reasons);
        bins = bins == null ? List.of() : List.copyOf(bins);
        histogram = histogram == null ? List.of() : List.copyOf(histogram);
    }

    /** Without summary numbers. */
    public FieldDrift(String field, FieldChange change, String fromType, String toType, Double psi, double fromNullRate,
                      double toNullRate, double nullRateChange, boolean flagged, List<String> reasons, String binning,
                      List<Bin> bins, List<Bin> histogram) {
        this(field, change, fromType, toType, psi, fromNullRate, toNullRate, nullRateChange, flagged, reasons, binning, bins,
                histogram, null, null);
    }

    /** This drift with each version's summary numbers. */
    FieldDrift withSummaries(FieldSummary from, FieldSummary to) {
        return new FieldDrift(field, change, fromType, toType, psi, fromNullRate, toNullRate, nullRateChange, flagged, reasons,
                binning, bins, histogram, from, to);
    }

    /** The field's type in the newer version, or the older one when the field was removed. */
    public String type() {
        return toType != null ? toType : fromType;
    }
}
