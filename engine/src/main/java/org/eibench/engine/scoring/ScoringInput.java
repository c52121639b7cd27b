package org.eibench.engine.scoring;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.engine.dataset.DatasetException;
import org.eibench.engine.dataset.DatasetIdentity;
import org.eibench.engine.dataset.EibenchDataset;
import org.eibench.engine.dataset.InputFiles;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.run.RecordLog;
import org.eibench.engine.run.RunFolder;
import org.eibench.engine.run.RunFolderException;
import org.eibench.engine.run.SampleRecord;
import org.eibench.models.json.JsonMappers;

/**
 * The answers of a run folder paired with their dataset samples (ground truth, category).
 *
 * <p>Answers come from {@code records.jsonl} (by sample id) when the folder has it, otherwise from a
 * {@code predictions.jsonl} in the reference format: Basic lines are matched by image path; Complex lines, which
 * repeat an image for its several questions, are matched by line number with {@code ec_complex.jsonl}, as the
 * reference Complex scorer does. A failed sample's answer is empty, so it scores 0.
 *
 * @param benchmark which EIBench part
 * @param entries the samples with their answers, in benchmark order
 */
public record ScoringInput(Benchmark benchmark, List<Entry> entries) {
    // "{...}{...}" on one line is not one answer
    private static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.REJECT_TRAILING_TOKENS);

    /**
     * One answered sample.
     *
     * @param sample the dataset sample
     * @param answer the model's answer ("" when the sample failed)
     * @param failed whether the run recorded a failure for it
     */
    public record Entry(Sample sample, String answer, boolean failed) {
        public Entry {
            Objects.requireNonNull(sample, "sample");
            Objects.requireNonNull(answer, "answer");
        }
    }

    public ScoringInput {
        entries = List.copyOf(entries);
    }

    /**
     * Reads a run folder against the EIBench annotation files.
     *
     * @param benchmark the benchmark, or null to take it from the folder's run.json
     */
    public static ScoringInput load(Path runDir, Path eibenchDir, Benchmark benchmark)
            throws IOException, DatasetException, RunFolderException {
        Benchmark bench = benchmark != null ? benchmark : benchmarkOf(runDir);
        List<Sample> samples = EibenchDataset.load(eibenchDir, bench);
        checkSameDataset(runDir, eibenchDir, bench);
        Path records = runDir.resolve(RunFolder.RECORDS);
        if (Files.exists(records)) {
            Map<String, SampleRecord> byId = RecordLog.read(records);
            List<Entry> entries = new ArrayList<>();
            for (Sample s : samples) {
                SampleRecord r = byId.get(s.id());
                if (r != null) {
                    entries.add(new Entry(s, r.ok() ? r.answer() : "", !r.ok()));
                }
            }
            if (entries.size() != byId.size()) {
                throw new IOException(records + " has " + (byId.size() - entries.size()) + " record(s) whose id is"
                        + " not in " + eibenchDir + " (" + bench.id() + "): is --eibench the dataset of this run?");
            }
            return new ScoringInput(bench, entries);
        }
        Path predictions = runDir.resolve(RunFolder.PREDICTIONS);
        if (!Files.exists(predictions)) {
            throw new IOException(runDir + " has neither " + RunFolder.RECORDS + " nor " + RunFolder.PREDICTIONS
                    + ": give a run folder made by 'eibench run', or one holding a predictions.jsonl");
        }
        return new ScoringInput(bench, fromPredictions(predictions, samples, bench));
    }

    private static List<Entry> fromPredictions(Path file, List<Sample> samples, Benchmark bench) throws IOException {
        List<String> lines = new String(InputFiles.readText(file, "the predictions file"), StandardCharsets.UTF_8)
                .lines().filter(l -> !l.isBlank()).toList();
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node;
            try {
                node = JSON.readTree(lines.get(i));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IOException(file + ":" + (i + 1) + ": not a JSON object: " + e.getOriginalMessage(), e);
            }
            if (node == null || !node.isObject() || node.size() != 1 || !node.elements().next().isTextual()) {
                throw new IOException(file + ":" + (i + 1) + ": expected {\"<image path>\": \"<answer>\"}");
            }
            var field = node.fields().next();
            pairs.add(Map.entry(field.getKey(), field.getValue().asText()));
        }
        List<Entry> entries = new ArrayList<>();
        if (bench == Benchmark.COMPLEX) {
            if (pairs.size() != samples.size()) {
                throw new IOException(file + " has " + pairs.size() + " lines; a Complex predictions file pairs"
                        + " line j with line j of " + EibenchDataset.COMPLEX + ", which has " + samples.size());
            }
            for (int i = 0; i < pairs.size(); i++) {
                if (!pairs.get(i).getKey().equals(samples.get(i).imageKey())) {
                    throw new IOException(file + ":" + (i + 1) + ": image " + pairs.get(i).getKey() + " but line "
                            + (i + 1) + " of " + EibenchDataset.COMPLEX + " is " + samples.get(i).imageKey());
                }
                entries.add(new Entry(samples.get(i), pairs.get(i).getValue(), false));
            }
            return entries;
        }
        Map<String, String> byImage = new LinkedHashMap<>();
        for (int i = 0; i < pairs.size(); i++) {
            if (byImage.put(pairs.get(i).getKey(), pairs.get(i).getValue()) != null) {
                throw new IOException(file + ":" + (i + 1) + ": image " + pairs.get(i).getKey() + " appears twice");
            }
        }
        for (Sample s : samples) {
            String answer = byImage.remove(s.imageKey());
            if (answer != null) {
                entries.add(new Entry(s, answer, false));
            }
        }
        if (!byImage.isEmpty()) {
            throw new IOException(file + " answers " + byImage.size() + " image(s) not in the Basic benchmark, e.g. "
                    + byImage.keySet().iterator().next());
        }
        return entries;
    }

    /** Refuses annotation files other than those the run answered (its run.json records their SHA-256). */
    private static void checkSameDataset(Path runDir, Path eibenchDir, Benchmark bench)
            throws IOException, RunFolderException {
        if (!Files.exists(runDir.resolve(RunFolder.MANIFEST))) {
            return;
        }
        var recorded = RunFolder.readManifest(runDir).dataset();
        if (recorded == null) {
            return; // run.json of an engine before the dataset was recorded
        }
        List<String> changed = recorded.fileDifferences(DatasetIdentity.fileHashes(eibenchDir, bench));
        if (!changed.isEmpty()) {
            throw new IOException("the annotation files in " + eibenchDir + " are not the ones " + runDir
                    + " answered: " + String.join(", ", changed) + "; give the --eibench folder the run used");
        }
    }

    private static Benchmark benchmarkOf(Path runDir) throws IOException, RunFolderException {
        if (!Files.exists(runDir.resolve(RunFolder.MANIFEST))) {
            throw new IOException(runDir + " has no " + RunFolder.MANIFEST + ": say which benchmark with --benchmark");
        }
        return Benchmark.fromId(RunFolder.readManifest(runDir).benchmark());
    }
}
