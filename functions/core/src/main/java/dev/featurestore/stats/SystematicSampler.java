package dev.featurestore.stats;

/**
 * Adaptive systematic sampling of a stream that already had {@code seen} values counted one by one: from
 * then on one value per block of 2^s consecutive values (at a pseudo-random position, fixed seed), the stride doubling each time
 * the number of values seen doubles. A sampled value stands for 2^s values ({@link #weightLevel()}); the blocks
 * tile the stream, so weighted counts are unbiased. Deterministic for the same input order.
 */
final class SystematicSampler {
    private long seen;
    private long nextEpoch;
    private int level;
    private int sampledLevel;
    private long skip = 1;
    private long restOfBlock;
    private long random = 0x9E3779B97F4A7C15L;

    /** Starts after {@code seen} values counted one by one: the stride is 2 until the count doubles, then 4... */
    SystematicSampler(long seen) {
        this.seen = seen;
        this.nextEpoch = Math.max(1, seen);
    }

    /** Counts one value; true when it is sampled, with weight 2^{@link #weightLevel()}. */
    boolean sample() {
        seen++;
        if (--skip != 0) {
            return false;
        }
        sampledLevel = level;
        long blockStart = seen + restOfBlock;
        if (blockStart >= nextEpoch) {
            level++;
            nextEpoch <<= 1;
        }
        long stride = 1L << level;
        long x = random;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        random = x;
        long position = Long.remainderUnsigned(x, stride);
        skip = restOfBlock + position + 1;
        restOfBlock = stride - position - 1;
        return true;
    }

    /** The weight exponent of the value last sampled. */
    int weightLevel() {
        return sampledLevel;
    }
}
