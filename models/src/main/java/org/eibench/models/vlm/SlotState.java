package org.eibench.models.vlm;

/**
 * What a {@link BatchGenerator} slot (one sequence id) is doing, as llama.cpp's server has {@code slot_state}:
 * {@code IDLE} holds no request (its KV cells may still hold a finished prompt's prefix), {@code WAITING} holds a
 * request that waits for another sequence (its leader) to decode the prefix they share, {@code PREFILL} decodes the
 * prompt, {@code GENERATE} samples one token a step.
 */
enum SlotState {
    IDLE, WAITING, PREFILL, GENERATE
}
