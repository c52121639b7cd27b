package org.eibench.engine.scores;

/**
 * scores.json: everything scored about one run. Sections that were not computed are null.
 *
 * @param schemaVersion the version of this layout ({@link #SCHEMA_VERSION})
 * @param run what the run was
 * @param judge the LLM judge's trigger recall
 * @param semantic the embedding-based trigger matching
 * @param coherence answer coherence
 * @param samplesFile the per-sample file, relative to the run folder (samples.jsonl), or null
 */
public record Scores(
        int schemaVersion,
        RunIdentity run,
        JudgeSection judge,
        SemanticSection semantic,
        CoherenceSection coherence,
        String samplesFile) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "scores.json";
    public static final String SAMPLES_FILE = "samples.jsonl";
}
