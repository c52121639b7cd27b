package org.eibench.engine.scoring;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eibench.engine.RecordComponents;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.stats.StatisticsSettings;
import org.eibench.models.openai.OpenAiEndpoint;
import org.eibench.models.vlm.VlmSpec;

/**
 * Everything one scoring needs, as {@code eibench score} parses it; {@link Scoring#score} does the work.
 *
 * @param runDir the run folder (records.jsonl, or a hand-made predictions.jsonl)
 * @param eibenchDir the folder of the annotation files (the ground truth)
 * @param benchmark the EIBench part the answers are for; empty = from the folder's run.json
 * @param judge the LLM judge, if the judge's trigger recall is wanted
 * @param semantic semantic trigger recall, if wanted
 * @param coherence whether long-term coherence is computed
 * @param encoder the sentence encoder of both, as {@code --scorer} names it ({@code minilm}, {@code bert:DIR})
 * @param partial whether a run that has not finished every sample may be scored
 * @param statistics the bootstrap's resamples and seed for every figure's interval
 */
public record ScoreConfig(Path runDir, Path eibenchDir, Optional<Benchmark> benchmark, Optional<Judge> judge,
        Optional<Semantic> semantic, boolean coherence, String encoder, boolean partial,
        StatisticsSettings statistics) {
    /**
     * The LLM judge: a local GGUF model or an OpenAI-compatible server, exactly one of them.
     *
     * @param model the local judge model's spec (its chat template already chosen)
     * @param endpoint the served judge (the server applies its own chat template)
     * @param grammar whether each reply is constrained to start with {@code {score: C/T}}
     * @param seed the judge's sampling seed
     */
    public record Judge(Optional<VlmSpec> model, Optional<OpenAiEndpoint> endpoint, boolean grammar, long seed) {
        public Judge {
            if (model.isPresent() == endpoint.isPresent()) {
                throw new IllegalArgumentException("give either --judge MODEL.gguf or --judge-endpoint URL, not both");
            }
        }

        /** A local judge model. */
        public static Judge local(VlmSpec model, boolean grammar, long seed) {
            return new Judge(Optional.of(model), Optional.empty(), grammar, seed);
        }

        /** A judge behind an OpenAI-compatible server. */
        public static Judge served(OpenAiEndpoint endpoint, boolean grammar, long seed) {
            return new Judge(Optional.empty(), Optional.of(endpoint), grammar, seed);
        }
    }

    /**
     * Semantic trigger recall.
     *
     * @param kernel the cosine-similarity kernel ({@code java}, {@code nd4j})
     * @param tau the user's threshold; empty = the one calibrated for the encoder
     * @param calibration a calibration file made for the encoder; empty = the built-in one (MiniLM's)
     */
    public record Semantic(String kernel, Optional<Double> tau, Optional<Path> calibration) {
        public Semantic {
            Objects.requireNonNull(kernel, "kernel");
            if (tau.isPresent() && calibration.isPresent()) {
                throw new IllegalArgumentException("give a semantic threshold (--tau) or a calibration file"
                        + " (--calibration), not both");
            }
        }
    }

    public ScoreConfig {
        RecordComponents.requireNonNull("ScoreConfig", "runDir", runDir, "eibenchDir", eibenchDir,
                "benchmark", benchmark, "encoder", encoder, "statistics", statistics);
        if (judge.isEmpty() && semantic.isEmpty() && !coherence) {
            throw new IllegalArgumentException("nothing to score: ask for the judge, semantic recall or coherence");
        }
    }
}
