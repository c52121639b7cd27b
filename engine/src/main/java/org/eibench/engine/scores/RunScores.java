package org.eibench.engine.scores;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.eibench.engine.run.RecordsDigest;
import org.eibench.engine.run.RunFolderException;

/**
 * A scored run folder as read back: its scores.json and its per-sample entries.
 *
 * @param runDir the run folder
 * @param scores scores.json
 * @param samples the entries of the samples file (empty when scores.json names none)
 * @param json scores.json as read, with the fields {@link Scores} does not know (a newer engine's confidence
 *     intervals, which the report draws when present); for scores made in code, {@code scores} as JSON
 */
public record RunScores(Path runDir, Scores scores, List<ScoredSample> samples, JsonNode json) {
    public RunScores {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(scores, "scores");
        samples = List.copyOf(samples);
        json = json == null ? ScoresJson.MAPPER.valueToTree(scores) : json.deepCopy();
    }

    public RunScores(Path runDir, Scores scores, List<ScoredSample> samples) {
        this(runDir, scores, samples, null);
    }

    /** Reads scores.json and its samples file from a run folder. */
    public static RunScores read(Path runDir) throws IOException {
        Path scoresPath = runDir.resolve(Scores.FILE);
        if (!Files.isRegularFile(scoresPath)) {
            throw new IOException("no " + Scores.FILE + " in " + runDir + "; score the run first (eibench score "
                    + runDir + ")");
        }
        Scores scores;
        JsonNode json;
        try {
            json = ScoresJson.MAPPER.readTree(scoresPath.toFile());
            scores = ScoresJson.MAPPER.treeToValue(json, Scores.class);
        } catch (JsonProcessingException e) {
            throw new IOException(scoresPath + " is not a valid scores file: " + e.getOriginalMessage(), e);
        }
        if (scores.schemaVersion() > Scores.SCHEMA_VERSION) {
            throw new IOException(scoresPath + " has schema version " + scores.schemaVersion()
                    + ", newer than this eibench reads (" + Scores.SCHEMA_VERSION + "); update eibench");
        }
        if (scores.run() == null) {
            scores = new Scores(scores.schemaVersion(), RunIdentity.fromRunFolder(runDir), scores.judge(),
                    scores.semantic(), scores.coherence(), scores.samplesFile(), scores.records(), scores.agreement());
        }
        checkCurrent(runDir, scores);
        return new RunScores(runDir, scores, readSamples(runDir, scores.samplesFile()), json);
    }

    /** Refuses scores computed from other answers than the folder holds now (a partial run since resumed). */
    private static void checkCurrent(Path runDir, Scores scores) throws IOException {
        if (scores.records() == null) {
            return; // a hand-made or older scores.json: nothing to compare
        }
        RecordsDigest now;
        try {
            now = RecordsDigest.of(runDir);
        } catch (RunFolderException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (!now.equals(scores.records())) {
            throw new IOException(runDir.resolve(Scores.FILE) + " is stale: it scored " + scores.records().count()
                    + " answers of " + scores.records().file() + " but the folder now has " + now.count()
                    + (now.count() == scores.records().count() ? " different ones" : "") + "; score the run again"
                    + " (eibench score " + runDir + ")");
        }
    }

    private static List<ScoredSample> readSamples(Path runDir, String samplesFile) throws IOException {
        if (samplesFile == null) {
            return List.of();
        }
        Path path = runDir.resolve(samplesFile);
        if (!Files.isRegularFile(path)) {
            throw new IOException(runDir.resolve(Scores.FILE) + " names " + samplesFile + ", which is missing; score the"
                    + " run again");
        }
        List<ScoredSample> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        for (int n = 0; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            try {
                out.add(ScoresJson.LINES.readValue(lines.get(n), ScoredSample.class));
            } catch (JsonProcessingException e) {
                throw new IOException(path + ":" + (n + 1) + ": not a sample entry: " + e.getOriginalMessage(), e);
            }
        }
        return out;
    }
}
