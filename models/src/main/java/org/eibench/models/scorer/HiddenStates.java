package org.eibench.models.scorer;

/** A transformer's last hidden state for one batch, row-major {@code [size, length, hidden]}. */
record HiddenStates(float[] values, int size, int length, int hidden) {}
