package org.eibench.engine.report;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.eibench.engine.judge.JudgeVerdict;

/** Assembles scores.json from its parts and writes it with samples.jsonl into a run folder. */
public final class ScoresWriter {
    private ScoresWriter() {}

    /** scores.json of the current schema, pointing at samples.jsonl; any section may be null. */
    public static Scores assemble(
            RunIdentity run, JudgeSection judge, SemanticSection semantic, CoherenceSection coherence) {
        return new Scores(Scores.SCHEMA_VERSION, run, judge, semantic, coherence, Scores.SAMPLES_FILE);
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
     * folder; each file is written beside its target and moved into place, so a reader never sees half a file.
     */
    public static void write(Path runDir, Scores scores, List<ScoredSample> samples) throws IOException {
        Files.createDirectories(runDir);
        if (scores.samplesFile() != null) {
            Path samplesPath = runDir.resolve(scores.samplesFile());
            Path tmp = samplesPath.resolveSibling(samplesPath.getFileName() + ".tmp");
            try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (ScoredSample s : samples) {
                    w.write(ScoresJson.LINES.writeValueAsString(s));
                    w.write('\n');
                }
            }
            Files.move(tmp, samplesPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        Path scoresPath = runDir.resolve(Scores.FILE);
        Path tmp = scoresPath.resolveSibling(Scores.FILE + ".tmp");
        ScoresJson.MAPPER.writeValue(tmp.toFile(), scores);
        Files.move(tmp, scoresPath, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
