package org.eibench.engine.scores;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.engine.judge.JudgeVerdict;
import org.eibench.engine.run.AtomicFiles;
import org.eibench.engine.run.RecordsDigest;

/** Assembles scores.json from its parts and writes it with samples.jsonl into a run folder. */
public final class ScoresWriter {
    private ScoresWriter() {}

    /** scores.json of the current schema, pointing at samples.jsonl; any section may be null. */
    public static Scores assemble(
            RunIdentity run, JudgeSection judge, SemanticSection semantic, CoherenceSection coherence) {
        return assemble(run, judge, semantic, coherence, null);
    }

    /** As {@link #assemble(RunIdentity, JudgeSection, SemanticSection, CoherenceSection)}, for the given answers. */
    public static Scores assemble(RunIdentity run, JudgeSection judge, SemanticSection semantic,
            CoherenceSection coherence, RecordsDigest records) {
        return assemble(run, judge, semantic, coherence, records, null);
    }

    /** As above, with the judge-semantic agreement (null when not both were computed). */
    public static Scores assemble(RunIdentity run, JudgeSection judge, SemanticSection semantic,
            CoherenceSection coherence, RecordsDigest records, AgreementSection agreement) {
        return new Scores(Scores.SCHEMA_VERSION, run, judge, semantic, coherence, Scores.SAMPLES_FILE, records,
                agreement);
    }

    /** The per-sample entry of a judge verdict, before semantic matching adds its triggers. */
    public static ScoredSample sampleOf(JudgeVerdict verdict) {
        var item = verdict.item();
        var score = verdict.score();
        boolean hasScore = score.correct() >= 0;
        return new ScoredSample(item.id(), item.image(), item.question(), item.answer(), item.groundTruth(),
                verdict.reply(), verdict.exhausted() ? "EXHAUSTED" : score.status().name(),
                hasScore ? score.correct() : null, hasScore ? score.total() : null, verdict.attempts(), List.of(),
                null);
    }

    /** The per-sample entries of judge verdicts, in order. */
    public static List<ScoredSample> samplesOf(List<JudgeVerdict> verdicts) {
        return verdicts.stream().map(ScoresWriter::sampleOf).toList();
    }

    /**
     * Writes {@code scores.json} and (when {@code scores.samplesFile()} is set) the samples file into the run
     * folder; each file is written beside its target, synced and renamed into place, so a crash leaves either the
     * previous file or the new one, never half of one.
     */
    public static void write(Path runDir, Scores scores, List<ScoredSample> samples) throws IOException {
        Files.createDirectories(runDir);
        if (scores.samplesFile() != null) {
            StringBuilder text = new StringBuilder();
            for (ScoredSample s : samples) {
                text.append(ScoresJson.LINES.writeValueAsString(s)).append('\n');
            }
            AtomicFiles.write(runDir.resolve(scores.samplesFile()), text.toString().getBytes(StandardCharsets.UTF_8));
        }
        // scores.json last: when it is there, the samples file it points to is complete
        AtomicFiles.write(runDir.resolve(Scores.FILE), ScoresJson.MAPPER.writeValueAsBytes(scores));
    }
}
