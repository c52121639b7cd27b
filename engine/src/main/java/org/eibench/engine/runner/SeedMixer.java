package org.eibench.engine.runner;

import java.nio.charset.StandardCharsets;

/** Derives each model call's sampling seed from the run seed and the call's identity, so answers do not depend on order. */
public final class SeedMixer {
    private SeedMixer() {}

    /** A stable 63-bit seed for (run seed, sample id, step id, fan-out item). */
    public static long seedFor(long runSeed, String sampleId, String step, int item) {
        long h = 0xcbf29ce484222325L ^ runSeed; // FNV-1a 64 over the call's identity
        for (byte b : (sampleId + '\u0000' + step + '\u0000' + item).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h & Long.MAX_VALUE;
    }
}
