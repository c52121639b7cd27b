package org.eibench.engine.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eibench.engine.dataset.TriggerList;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.ScoredSample;
import org.eibench.engine.scores.ScoresJson;

/**
 * The sample explorer of report.html: one card per sample (image thumbnail, question, each run's answer side by side
 * with its triggers found or missed and the judge's reply), with filters, search, sort and keyboard navigation.
 *
 * <p>The data is one JSON blob in the page; explorer.js renders the cards lazily, a batch at a time as the reader
 * scrolls, so a page of 1,615 samples and several runs opens as fast as one of a few. The same sample (same image
 * and question) in several runs shares a card. Thumbnails are embedded once per image.
 */
final class SampleExplorer {
    private static final String SCRIPT = "explorer.js";
    private static final String STYLE = "explorer.css";
    /** The category of EI Complex samples, which have none of their own. */
    private static final String COMPLEX = "complex";

    private static final String SCRIPT_TEXT = resource(SCRIPT);
    private static final String STYLE_TEXT = resource(STYLE);

    private SampleExplorer() {}

    /** The Content-Security-Policy source of the explorer's script: only this exact script may run. */
    static String scriptSource() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(SCRIPT_TEXT.getBytes(StandardCharsets.UTF_8));
            return "'sha256-" + Base64.getEncoder().encodeToString(digest) + "'";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String style() {
        return STYLE_TEXT;
    }

    /** The explorer's markup, data and script; {@code thumbnails} by image key (empty without --images). */
    static String render(List<RunScores> runs, Map<String, Thumbnails.Thumbnail> thumbnails) {
        String json;
        try {
            json = ScoresJson.LINES.writeValueAsString(data(runs, thumbnails));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("explorer data did not serialise: " + e.getMessage(), e);
        }
        // '<' only occurs inside JSON strings, so its escape keeps the text valid JSON and no "</script" can end it
        json = json.replace("<", "\\u003c");
        return "<div id=\"explorer\"><noscript>The sample explorer needs JavaScript.</noscript></div>\n"
                + "<script type=\"application/json\" id=\"explorer-data\">" + json + "</script>\n"
                + "<script>" + SCRIPT_TEXT + "</script>\n";
    }

    /** Image keys of every sample, for the thumbnails. */
    static Set<String> imageKeys(List<RunScores> runs) {
        Set<String> keys = new LinkedHashSet<>();
        runs.forEach(r -> r.samples().forEach(s -> keys.add(s.image())));
        keys.remove(null);
        return keys;
    }

    static ObjectNode data(List<RunScores> runs, Map<String, Thumbnails.Thumbnail> thumbnails) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode runNodes = root.putArray("runs");
        Set<String> categories = new LinkedHashSet<>();
        Map<String, ObjectNode> samples = new LinkedHashMap<>();
        for (int r = 0; r < runs.size(); r++) {
            RunScores run = runs.get(r);
            String benchmark = ReportBuilder.benchmarkOf(run.scores());
            JudgeCategories rules = COMPLEX.equals(benchmark) ? null : JudgeCategories.load("basic");
            RunIdentity id = run.scores().run();
            runNodes.addObject().put("name", id.run()).put("label", label(id)).put("benchmark", benchmark);
            boolean semantic = run.scores().semantic() != null;
            for (ScoredSample s : run.samples()) {
                String category = rules == null ? COMPLEX : rules.categoryOf(Objects.requireNonNullElse(s.image(), ""))
                        .orElse(null);
                ObjectNode sample = samples.computeIfAbsent(s.image() + "\n" + s.question(), k -> {
                    ObjectNode n = f.objectNode().put("image", s.image()).put("question", s.question())
                            .put("groundTruth", s.groundTruth()).put("category", category);
                    n.putArray("entries");
                    return n;
                });
                if (category != null) {
                    categories.add(category);
                }
                ((ArrayNode) sample.get("entries")).add(entry(r, s, semantic));
            }
        }
        root.putArray("categories").addAll(categories.stream().map(f::textNode).toList());
        ObjectNode images = root.putObject("images");
        thumbnails.forEach((key, t) -> {
            ObjectNode n = images.putObject(key);
            switch (t) {
                case Thumbnails.Thumbnail.Image i -> n.put("src", i.dataUrl()).put("w", i.width()).put("h", i.height());
                case Thumbnails.Thumbnail.Missing m -> n.put("missing", m.reason());
            }
        });
        root.putArray("samples").addAll(samples.values());
        return root;
    }

    private static ObjectNode entry(int run, ScoredSample s, boolean semanticScored) {
        ObjectNode e = JsonNodeFactory.instance.objectNode().put("run", run).put("id", s.id()).put("answer", s.answer());
        if (s.judgeStatus() != null) {
            e.put("status", s.judgeStatus()).put("correct", s.judgeCorrect()).put("total", s.judgeTotal())
                    .put("reply", s.judgeReply());
        }
        Double semantic = s.metrics().get("semanticRecall");
        if (semantic != null) {
            e.put("semantic", semantic);
        }
        triggers(s, semanticScored).ifPresent(list -> {
            ArrayNode out = e.putArray("triggers");
            for (ScoredSample.TriggerResult t : list) {
                ObjectNode n = out.addObject().put("trigger", t.trigger()).put("found", t.found());
                if (t.sentence() != null) {
                    n.put("sentence", t.sentence()).put("similarity", t.similarity());
                }
            }
        });
        return e;
    }

    /**
     * Each ground-truth trigger, found or missed: as recorded, or for files scored before the per-trigger matches
     * were recorded, the ground truth's triggers marked by the matched list (without sentence and similarity);
     * empty when the run's answers were not matched at all.
     */
    private static Optional<List<ScoredSample.TriggerResult>> triggers(ScoredSample s, boolean semanticScored) {
        if (!s.triggerMatches().isEmpty()) {
            return Optional.of(s.triggerMatches());
        }
        if (!semanticScored || s.groundTruth() == null) {
            return Optional.empty();
        }
        Set<String> matched = new HashSet<>(s.matchedTriggers());
        return TriggerList.parse(s.groundTruth()).map(list -> {
            List<ScoredSample.TriggerResult> out = new ArrayList<>();
            list.forEach(t -> out.add(new ScoredSample.TriggerResult(t, matched.contains(t), null, null)));
            return out;
        });
    }

    /** The row's label, and the run folder when the model names the row (two runs of one model differ). */
    private static String label(RunIdentity id) {
        return ReportBuilder.labelOf(id) + (id.model() == null ? "" : " (" + id.run() + ")");
    }

    private static String resource(String name) {
        try (InputStream in = Objects.requireNonNull(SampleExplorer.class.getResourceAsStream(name), name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("report resource " + name + " is unreadable", e);
        }
    }
}
