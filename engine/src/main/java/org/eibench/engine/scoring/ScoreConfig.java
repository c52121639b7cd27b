package org.eibench.engine.scoring;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import org.eibench.engine.dataset.Benchmark;
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
 */
public record ScoreConfig(Path runDir, Path eibenchDir, Optional<Benchmark> benchmark, Optional<Judge> judge,
        Optional<Semantic> semantic, boolean coherence, String encoder, boolean partial) {
    /**
     * The LLM judge.
     *
     * @param model the judge model's spec (its chat template already chosen)
     * @param grammar whether each reply is constrained to start with {@code {score: C/T}}
     * @param seed the judge's sampling seed
     */
    public record Judge(VlmSpec model, boolean grammar, long seed) {
        public Judge {
            Objects.requireNonNull(model, "model");
        }

        /** The judge's name in scores.json: its model file's name. */
        public String modelName() {
            return model.model().getFileName().toString();
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
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(eibenchDir, "eibenchDir");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(encoder, "encoder");
        if (judge.isEmpty() && semantic.isEmpty() && !coherence) {
            throw new IllegalArgumentException("nothing to score: ask for the judge, semantic recall or coherence");
        }
    }
}
