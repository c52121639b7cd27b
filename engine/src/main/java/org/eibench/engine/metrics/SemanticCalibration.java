package org.eibench.engine.metrics;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.eibench.engine.dataset.TriggerList;
import org.eibench.kernels.similarity.CosineKernel;
import org.eibench.kernels.similarity.Nd4jCosineKernel;
import org.eibench.models.json.JsonMappers;
import org.eibench.models.scorer.SentenceEncoder;
import org.eibench.models.scorer.SentenceEncoders;

/**
 * Calibrates the threshold τ of {@link SemanticRecall} on the EIBench Basic ground truth.
 *
 * <p>Two answer sets bracket the metric: each sample's own ground truth (as written, and rewritten as plain
 * sentences, which exercises the sentence path) must be recalled almost fully, and the ground truth of a
 * different image (a fixed-seed derangement) must score low. Every ground-truth trigger is similar to itself, so
 * the first condition holds at any τ; τ is therefore the lowest grid value whose shuffled recall stays within a
 * chance-match budget, which keeps the metric as lenient to paraphrases as the budget allows.
 *
 * <p>A calibration holds for the encoder it was made with alone, identified by its weights' SHA-256
 * ({@link #thresholdFor}). Regenerate the committed figures, or calibrate another encoder, with {@code main}:
 * {@code <basic_ground_truth.json> <output.json> [limit] [encoder]} (encoder as {@code --scorer} names it).
 */
public final class SemanticCalibration {
    /** The committed calibration, on the classpath. */
    public static final String RESOURCE = "semantic-calibration.json";
    /** Seed of the subset choice and of the derangement. */
    public static final long SEED = 20261125L;
    /** The most shuffled recall (chance matches between unrelated images) that τ may allow. */
    public static final double SHUFFLED_RECALL_BUDGET = 0.10;
    /** Lowest recall of ground truth scored against itself. */
    public static final double MIN_SELF_RECALL = 0.99;

    /** One threshold of the scan; all figures are macro averages over the samples. */
    public record ScanRow(double tau, double selfRecall, double selfProseRecall, double shuffledRecall,
            double shuffledPrecision, double shuffledOneToOneRecall) {}

    /**
     * A calibration result as committed in {@value #RESOURCE}.
     *
     * @param encoder the encoder's name
     * @param encoderSha256 the SHA-256 of the encoder's weights: the calibration holds for those weights alone
     */
    public record Calibration(String encoder, String encoderSha256, String pooling, String kernel, int samples, int skippedGroundTruths,
            long seed, double shuffledRecallBudget, double threshold, double groundTruthAsAnswerRecall,
            double groundTruthAsProseRecall, double shuffledRecall, List<ScanRow> scan) {}

    private static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.INDENT);

    private SemanticCalibration() {}

    /** The committed calibration (for the MiniLM encoder). */
    public static Calibration load() {
        try (InputStream in = SemanticCalibration.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the engine jar; rebuild the engine module");
            }
            return JSON.readValue(in, Calibration.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    /** A calibration file written by {@link #main}. */
    public static Calibration read(Path file) throws IOException {
        try {
            return JSON.readValue(file.toFile(), Calibration.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(file + " is not a calibration file written by SemanticCalibration: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * The threshold for the encoder {@code encoderSpec} names ({@code --scorer}): the user's own τ when given, else
     * the calibration (the file given, else the committed one), which must have been made for that encoder's weights.
     *
     * @throws UncalibratedEncoderException when the calibration was made for another encoder
     */
    public static SemanticThreshold thresholdFor(String encoderSpec, Optional<Double> userTau,
            Optional<Path> calibrationFile) throws IOException {
        if (userTau.isPresent()) {
            return SemanticThreshold.user(userTau.get());
        }
        Calibration calibration = calibrationFile.isPresent() ? read(calibrationFile.get()) : load();
        String where = calibrationFile.map(Path::toString).orElse("the built-in " + RESOURCE);
        String digest = SentenceEncoders.weightsSha256(encoderSpec);
        if (!digest.equals(calibration.encoderSha256())) {
            String madeFor = calibration.encoderSha256() == null ? "records no encoder digest (regenerate it)"
                    : "was made for " + calibration.encoder() + " (weights sha256 "
                            + calibration.encoderSha256().substring(0, Math.min(12, calibration.encoderSha256().length()))
                            + "...)";
            throw new UncalibratedEncoderException("semantic recall with --scorer " + encoderSpec + " needs a threshold"
                    + " calibrated for that encoder, and " + where + " " + madeFor + "; calibrate it (java -cp ..."
                    + " " + SemanticCalibration.class.getName() + " basic_ground_truth.json OUT.json 0 " + encoderSpec
                    + ", see docs/scoring.md) and pass --calibration OUT.json, or give a threshold with --tau X");
        }
        return SemanticThreshold.calibrated(calibration.threshold(), calibration.encoder(), where);
    }

    /** Reads an EIBench ground-truth file: a JSON object from image path to numbered trigger list. */
    public static Map<String, String> readGroundTruth(Path file) throws IOException {
        return JSON.readValue(file.toFile(), new TypeReference<LinkedHashMap<String, String>>() {});
    }

    /**
     * Runs the calibration.
     *
     * @param limit how many samples to use (a fixed-seed subset); 0 or less means all
     */
    public static Calibration run(SentenceEncoder encoder, CosineKernel kernel, Map<String, String> groundTruth, int limit) {
        List<String> ids = new ArrayList<>();
        int skipped = 0;
        for (Map.Entry<String, String> e : new TreeMap<>(groundTruth).entrySet()) {
            if (TriggerList.parse(e.getValue()).isPresent()) {
                ids.add(e.getKey());
            } else {
                skipped++; // e.g. a trailing empty item "4. "; the dataset validator reports these
            }
        }
        Random random = new Random(SEED);
        Collections.shuffle(ids, random);
        if (limit > 0 && limit < ids.size()) {
            ids = new ArrayList<>(ids.subList(0, limit));
        }
        List<SemanticRecall.Sample> self = new ArrayList<>();
        List<SemanticRecall.Sample> prose = new ArrayList<>();
        List<SemanticRecall.Sample> shuffled = new ArrayList<>();
        for (int k = 0; k < ids.size(); k++) {
            String gt = groundTruth.get(ids.get(k));
            // ids are in random order, so the next one is a random other image: a derangement
            String other = groundTruth.get(ids.get((k + 1) % ids.size()));
            self.add(new SemanticRecall.Sample(ids.get(k), gt, gt));
            prose.add(new SemanticRecall.Sample(ids.get(k), gt, asProse(gt)));
            shuffled.add(new SemanticRecall.Sample(ids.get(k), gt, other));
        }
        // the threshold passed here is unused: compareAll is threshold-free
        SemanticRecall metric = new SemanticRecall(encoder, kernel, 1);
        // one pass, so that texts shared by the three answer sets are embedded once
        List<SemanticRecall.Sample> all = new ArrayList<>(self);
        all.addAll(prose);
        all.addAll(shuffled);
        List<SemanticRecall.Comparison> compared = metric.compareAll(all);
        int n = ids.size();
        List<SemanticRecall.Comparison> selfC = compared.subList(0, n);
        List<SemanticRecall.Comparison> proseC = compared.subList(n, 2 * n);
        List<SemanticRecall.Comparison> shuffledC = compared.subList(2 * n, 3 * n);
        List<ScanRow> scan = new ArrayList<>();
        for (int step = 0; step <= 12; step++) {
            double tau = Math.round((0.30 + 0.05 * step) * 100) / 100.0;
            SemanticRecall.Summary s = summary(selfC, tau);
            SemanticRecall.Summary p = summary(proseC, tau);
            SemanticRecall.Summary x = summary(shuffledC, tau);
            scan.add(new ScanRow(tau, round(s.recall()), round(p.recall()), round(x.recall()), round(x.precision()),
                    round(x.oneToOneRecall())));
        }
        ScanRow chosen = scan.stream()
                .filter(r -> r.selfRecall() >= MIN_SELF_RECALL && r.selfProseRecall() >= MIN_SELF_RECALL)
                .filter(r -> r.shuffledRecall() <= SHUFFLED_RECALL_BUDGET)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no threshold in 0.30-0.90 meets the calibration bounds; scan: " + scan));
        return new Calibration(encoder.name(), encoder.weightsSha256(), "MEAN_L2", kernel.name(), ids.size(), skipped, SEED, SHUFFLED_RECALL_BUDGET,
                chosen.tau(), chosen.selfRecall(), chosen.selfProseRecall(), chosen.shuffledRecall(), scan);
    }

    /** "1. Sad face.\n2. Rain" becomes "Sad face. Rain." */
    static String asProse(String groundTruth) {
        List<String> triggers = TriggerList.parse(groundTruth).orElseThrow();
        StringBuilder sb = new StringBuilder();
        for (String t : triggers) {
            String s = t.strip();
            sb.append(sb.isEmpty() ? "" : " ").append(s).append(s.matches(".*[.!?]$") ? "" : ".");
        }
        return sb.toString();
    }

    private static SemanticRecall.Summary summary(List<SemanticRecall.Comparison> comparisons, double tau) {
        return SemanticRecall.summarize(comparisons.stream().map(c -> SemanticRecall.score(c, tau)).toList(), tau);
    }

    private static double round(double x) {
        return Math.round(x * 10000) / 10000.0;
    }

    /**
     * Writes a calibration file: {@code <basic_ground_truth.json> <output.json> [limit] [encoder]}; the encoder as
     * {@code eibench score --scorer} names it (default {@value SentenceEncoders#DEFAULT}).
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 4) {
            System.err.println("usage: SemanticCalibration <basic_ground_truth.json> <output.json> [limit] [minilm|bert:DIR]");
            System.exit(2);
        }
        Map<String, String> gt = readGroundTruth(Path.of(args[0]));
        int limit = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        String encoderSpec = args.length > 3 ? args[3] : SentenceEncoders.DEFAULT;
        long start = System.nanoTime();
        try (SentenceEncoder encoder = SentenceEncoders.open(encoderSpec);
                CosineKernel kernel = new Nd4jCosineKernel()) {
            Calibration c = run(encoder, kernel, gt, limit);
            Files.writeString(Path.of(args[1]), JSON.writeValueAsString(c) + "\n");
            System.out.printf("tau=%.2f self=%.4f prose=%.4f shuffled=%.4f on %d samples (%d skipped) in %.1f s%n",
                    c.threshold(), c.groundTruthAsAnswerRecall(), c.groundTruthAsProseRecall(), c.shuffledRecall(), c.samples(),
                    c.skippedGroundTruths(), (System.nanoTime() - start) / 1e9);
            c.scan().forEach(System.out::println);
        }
    }
}
