package org.eibench.engine.metrics;

/**
 * The similarity threshold τ semantic recall uses, and where it came from (said in the output and in scores.json).
 *
 * @param tau the threshold
 * @param source {@code calibrated for <encoder> (<file>)} or {@code user --tau}
 */
public record SemanticThreshold(double tau, String source) {
    /** The source of a threshold the user gave. */
    public static final String USER = "user --tau";

    public SemanticThreshold {
        if (!(tau > 0 && tau <= 1)) {
            throw new IllegalArgumentException("a semantic threshold is a cosine similarity in (0, 1], got " + tau);
        }
    }

    /** The user's own threshold. */
    public static SemanticThreshold user(double tau) {
        return new SemanticThreshold(tau, USER);
    }

    /** A calibrated threshold, for {@code encoder}, read from {@code where}. */
    public static SemanticThreshold calibrated(double tau, String encoder, String where) {
        return new SemanticThreshold(tau, "calibrated for " + encoder + " (" + where + ")");
    }
}
