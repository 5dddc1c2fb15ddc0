package dev.featurestore.distmerge;

import dev.featurestore.error.UsageException;
import java.util.Locale;

/**
 * Single-machine or distributed merge, by the planned size: input rows (summed over partials) times declared
 * fields, against the ceiling of one Merge Lambda (docs/cost.md: about 31M entities × 15 fields). {@code auto}
 * distributes above the ceiling; {@code single} and {@code distributed} force one way.
 */
public record MergeChoice(Mode mode, long ceilingCells) {
    /** One Merge Lambda's ceiling: ~31M entities × 15 fields (10 GB /tmp, docs/cost.md). */
    public static final long LAMBDA_CEILING_CELLS = 31_000_000L * 15;

    public enum Mode { AUTO, SINGLE, DISTRIBUTED }

    public static final MergeChoice DEFAULT = new MergeChoice(Mode.AUTO, LAMBDA_CEILING_CELLS);

    public MergeChoice {
        if (ceilingCells < 1) {
            throw new UsageException("Cannot choose the merge with a ceiling of " + ceilingCells + " cells (need at least 1)");
        }
    }

    /** The mode by name ({@code auto}, {@code single}, {@code distributed}; any case). */
    public static Mode mode(String name) {
        try {
            return Mode.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("Cannot choose the merge '" + name + "' (use auto, single or distributed)");
        }
    }

    /** The planned size of a merge, in cells: input rows × declared fields (an upper bound of entities × fields). */
    public static long cells(long rows, int fields) {
        return rows * Math.max(1, fields);
    }

    public boolean distribute(long rows, int fields) {
        return switch (mode) {
            case SINGLE -> false;
            case DISTRIBUTED -> true;
            case AUTO -> cells(rows, fields) > ceilingCells;
        };
    }
}
