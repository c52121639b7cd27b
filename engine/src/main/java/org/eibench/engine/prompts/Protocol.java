package org.eibench.engine.prompts;

import java.util.ArrayList;
import java.util.List;
import org.eibench.engine.dataset.Benchmark;

/**
 * Whether a run asks what the reference code asks (so its figures sit beside the paper's), or follows a protocol
 * of this project's own, and why. Derived from data: a mode's {@code reference} benchmarks, and the default
 * persona (the reference's own persona sentence) as the only reference persona.
 *
 * @param reference true when mode and persona both have reference code for the benchmark
 * @param ownProtocol why not, one reason per part that has no reference code; empty when {@code reference}
 */
public record Protocol(boolean reference, List<String> ownProtocol) {
    public Protocol {
        ownProtocol = List.copyOf(ownProtocol);
    }

    /**
     * The protocol of a run.
     *
     * @param defaultPersona the id of the run's default persona, the one that stands for the reference's
     */
    public static Protocol of(Mode mode, Persona persona, Benchmark benchmark, String defaultPersona) {
        List<String> own = new ArrayList<>();
        if (!mode.referenceBenchmarks().contains(benchmark)) {
            own.add("mode " + mode.id() + ": no reference code for " + benchmark.id() + " (the project's own protocol)");
        }
        if (!persona.id().equals(defaultPersona)) {
            own.add("persona " + persona.id() + ": the reference has only its default persona sentence (the project's"
                    + " own protocol)");
        }
        return new Protocol(own.isEmpty(), own);
    }
}
