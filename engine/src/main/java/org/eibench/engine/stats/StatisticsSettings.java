package org.eibench.engine.stats;

/**
 * How many random draws the statistics make and from which seed.
 *
 * @param resamples bootstrap resamples per interval
 * @param flips random sign flips of a permutation test that is not exact
 * @param seed the seed every interval and test starts from
 */
public record StatisticsSettings(int resamples, int flips, long seed) {
    /** At least 2,000 resamples, as the issue asks: the 2.5% tail then rests on 50 of them. */
    public static final int DEFAULT_RESAMPLES = 2_000;
    /** Random flips: the p-value's Monte Carlo error is then below 0.005 near p = 0.05. */
    public static final int DEFAULT_FLIPS = 10_000;
    public static final long DEFAULT_SEED = 20_250_611L;
    public static final StatisticsSettings DEFAULT =
            new StatisticsSettings(DEFAULT_RESAMPLES, DEFAULT_FLIPS, DEFAULT_SEED);

    public StatisticsSettings {
        if (resamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 1, got " + resamples);
        }
        if (flips < 1) {
            throw new IllegalArgumentException("permutation flips must be at least 1, got " + flips);
        }
    }

    public Bootstrap bootstrap() {
        return new Bootstrap(resamples, seed);
    }

    public SignFlipTest signFlipTest() {
        return new SignFlipTest(flips, seed);
    }
}
