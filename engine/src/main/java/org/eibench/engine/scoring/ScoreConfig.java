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
 * @param semantic whether semantic trigger recall is computed
 * @param coherence whether long-term coherence is computed
 * @param encoder the sentence encoder, as {@code --scorer} names it ({@code minilm}, {@code bert:DIR})
 * @param kernel the cosine-similarity kernel ({@code java}, {@code nd4j})
 * @param tau the user's semantic threshold; empty = the encoder's calibrated one
 * @param calibration a calibration file made for {@code encoder}; empty = the built-in one (MiniLM's)
 * @param partial whether a run that has not finished every sample may be scored
 */
public record ScoreConfig(Path runDir, Path eibenchDir, Optional<Benchmark> benchmark, Optional<Judge> judge,
        boolean semantic, boolean coherence, String encoder, String kernel, Optional<Double> tau,
        Optional<Path> calibration, boolean partial) {
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

    public ScoreConfig {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(eibenchDir, "eibenchDir");
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(judge, "judge");
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(tau, "tau");
        Objects.requireNonNull(calibration, "calibration");
        if (tau.isPresent() && calibration.isPresent()) {
            throw new IllegalArgumentException("give a semantic threshold (--tau) or a calibration file"
                    + " (--calibration), not both");
        }
        if (judge.isEmpty() && !semantic && !coherence) {
            throw new IllegalArgumentException("nothing to score: ask for the judge, semantic recall or coherence");
        }
    }
}
