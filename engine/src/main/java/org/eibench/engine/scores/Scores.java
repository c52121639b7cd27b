package org.eibench.engine.scores;

import org.eibench.engine.run.RecordsDigest;

/**
 * scores.json: everything scored about one run. Sections that were not computed are null.
 *
 * @param schemaVersion the version of this layout ({@link #SCHEMA_VERSION})
 * @param run what the run was
 * @param judge the LLM judge's trigger recall
 * @param semantic the embedding-based trigger matching
 * @param coherence answer coherence
 * @param samplesFile the per-sample file, relative to the run folder (samples.jsonl), or null
 * @param records the answers the scores were computed from; null in files of engines before it was recorded
 * @param agreement how the semantic recall ranks the samples against the judge's; null unless both were computed
 */
public record Scores(
        int schemaVersion,
        RunIdentity run,
        JudgeSection judge,
        SemanticSection semantic,
        CoherenceSection coherence,
        String samplesFile,
        RecordsDigest records,
        AgreementSection agreement) {
    public static final int SCHEMA_VERSION = 1;
    public static final String FILE = "scores.json";
    public static final String SAMPLES_FILE = "samples.jsonl";

    /** The run's benchmark: run.json's, else the judge's; lower case; null when neither says. */
    public static String benchmarkOf(Scores s) {
        String b = s.run() != null && s.run().benchmark() != null
                ? s.run().benchmark()
                : s.judge() != null ? s.judge().benchmark() : null;
        return b == null ? null : b.toLowerCase(java.util.Locale.ROOT);
    }

    /** Scores without the judge-semantic agreement. */
    public Scores(int schemaVersion, RunIdentity run, JudgeSection judge, SemanticSection semantic,
            CoherenceSection coherence, String samplesFile, RecordsDigest records) {
        this(schemaVersion, run, judge, semantic, coherence, samplesFile, records, null);
    }

    /** Scores without the digest of their answers (hand-made or older files). */
    public Scores(int schemaVersion, RunIdentity run, JudgeSection judge, SemanticSection semantic,
            CoherenceSection coherence, String samplesFile) {
        this(schemaVersion, run, judge, semantic, coherence, samplesFile, null);
    }
}
