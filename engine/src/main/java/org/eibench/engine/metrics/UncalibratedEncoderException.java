package org.eibench.engine.metrics;

/** Semantic recall was asked of an encoder that has no calibrated threshold; the message names the fix. */
public final class UncalibratedEncoderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UncalibratedEncoderException(String message) {
        super(message);
    }
}
