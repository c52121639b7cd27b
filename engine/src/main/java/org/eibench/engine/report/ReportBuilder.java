package org.eibench.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.eibench.engine.comparison.Comparison;
import org.eibench.engine.comparison.RunComparison;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.Scores;
import org.eibench.engine.stats.StatisticsSettings;

/**
 * Turns scored runs into a {@link Report}: runs with the same model, mode and persona share a row, the Basic run
 * filling the category columns and the Complex run the Complex column. A second run of the same kind for the same
 * row starts a new row, so no figure is overwritten.
 */
public final class ReportBuilder {
    private static final String COMPLEX = "complex";

    private final List<String> basicColumns;

    public ReportBuilder() {
        this(JudgeCategories.load("basic").columns());
    }

    /** @param basicColumns the Basic categories to show, in order */
    public ReportBuilder(List<String> basicColumns) {
        this.basicColumns = List.copyOf(basicColumns);
    }

    public Report build(List<RunScores> runs) {
        return build(runs, List.of());
    }

    /** The runs' rows, then the given rows of the paper's tables ({@link PaperResults#rows}). */
    public Report build(List<RunScores> runs, List<ReportRow> paperRows) {
        List<RowSlots> rows = new ArrayList<>();
        List<RunDetail> details = new ArrayList<>();
        for (RunScores r : runs) {
            boolean complex = COMPLEX.equals(benchmarkOf(r.scores()));
            RowSlots row = rows.stream()
                    .filter(s -> s.sameIdentity(r.scores().run()) && (complex ? s.complex == null : s.basic == null))
                    .findFirst()
                    .orElseGet(() -> {
                        RowSlots created = new RowSlots(r.scores().run());
                        rows.add(created);
                        return created;
                    });
            if (complex) {
                row.complex = r.scores();
                row.complexJson = r.json();
            } else {
                row.basic = r.scores();
                row.basicJson = r.json();
            }
            row.runs.add(r.scores().run().run());
            details.add(detailOf(r.scores()));
        }
        List<ReportRow> all = new ArrayList<>(rows.stream().map(this::toRow).toList());
        all.addAll(paperRows);
        return new Report(basicColumns, all, details, runs.stream().map(r -> RunStatistics.of(r.scores())).toList(),
                comparisons(runs));
    }

    /**
     * Paired comparisons of every two runs that share samples of one benchmark, in the order given; two runs whose
     * shared ids name different images answered different datasets and are not compared.
     */
    private static List<Comparison> comparisons(List<RunScores> runs) {
        List<Comparison> out = new ArrayList<>();
        for (int i = 0; i < runs.size(); i++) {
            for (int j = i + 1; j < runs.size(); j++) {
                RunScores a = runs.get(i);
                RunScores b = runs.get(j);
                String ba = benchmarkOf(a.scores());
                if (Objects.equals(ba, benchmarkOf(b.scores())) && RunComparison.sharedSamples(a, b) > 0) {
                    try {
                        out.add(RunComparison.compare(a, b, StatisticsSettings.DEFAULT));
                    } catch (IllegalArgumentException differentDatasets) {
                        // nothing to pair: eibench compare names the sample when asked directly
                    }
                }
            }
        }
        return out;
    }

    /** The run's benchmark: run.json's, else the judge's; lower case; null when neither says. */
    static String benchmarkOf(Scores s) {
        return Scores.benchmarkOf(s);
    }

    private ReportRow toRow(RowSlots slots) {
        RunIdentity id = slots.identity;
        Map<String, Double> basic = new LinkedHashMap<>();
        Map<String, Double> basicReference = new LinkedHashMap<>();
        if (slots.basic != null && slots.basic.judge() != null) {
            for (String column : columnsWithOverall()) {
                CategoryRecall c = slots.basic.judge().categories().get(column);
                basic.put(column, c == null ? null : c.recall());
                basicReference.put(column, c == null ? null : c.referenceCompatible());
            }
        }
        CategoryRecall complexOverall =
                slots.complex != null && slots.complex.judge() != null ? slots.complex.judge().overall() : null;
        Scores main = slots.basic != null ? slots.basic : slots.complex;
        Map<String, Double> semanticByCategory = new LinkedHashMap<>();
        Double semanticRecall = null;
        if (main.semantic() != null) {
            main.semantic().categories().forEach((k, v) -> semanticByCategory.put(k, v.recall()));
            semanticRecall = semanticByCategory.get(JudgeCategories.OVERALL);
        }
        CoherenceSection coherence = main.coherence();
        String judge = main.judge() != null ? main.judge().judgeModel()
                : slots.complex != null && slots.complex.judge() != null ? slots.complex.judge().judgeModel() : null;
        int samples = 0;
        int failures = 0;
        for (Scores s : slots.scores()) {
            CategoryRecall o = s.judge() == null ? null : s.judge().overall();
            samples += o == null ? 0 : o.samples();
            failures += o == null ? 0 : o.failures();
        }
        return new ReportRow(labelOf(id), id.model(), id.mode(), id.persona(), slots.runs, ReportRow.RUN, judge,
                protocolOf(slots.scores()), basic, basicReference,
                complexOverall == null ? null : complexOverall.recall(),
                complexOverall == null ? null : complexOverall.referenceCompatible(), samples, failures,
                coherence == null ? null : coherence.mean(), coherence == null ? null : coherence.referenceMean(),
                coherence == null ? null : coherenceScorer(coherence), semanticRecall, semanticByCategory,
                intervalsOf(slots));
    }

    /** The confidence intervals scores.json gives beside the row's figures (none in files scored without them). */
    private Map<String, Interval> intervalsOf(RowSlots slots) {
        Map<String, Interval> out = new LinkedHashMap<>();
        if (slots.basic != null) {
            JsonNode judge = slots.basicJson.path("judge").path("categories");
            for (String column : columnsWithOverall()) {
                Interval.of(judge.get(column), "recall", true).ifPresent(i -> out.put("basic." + column, i));
                Interval.of(judge.get(column), "reference", false)
                        .ifPresent(i -> out.put("basicReference." + column, i));
            }
        }
        if (slots.complex != null) {
            JsonNode overall = slots.complexJson.path("judge").path("categories").get(JudgeCategories.OVERALL);
            Interval.of(overall, "recall", true).ifPresent(i -> out.put("complex", i));
            Interval.of(overall, "reference", false).ifPresent(i -> out.put("complexReference", i));
        }
        // semantic recall and coherence come from the Basic run, else the Complex run, as their figures
        JsonNode tree = slots.basic != null ? slots.basicJson : slots.complexJson;
        tree.path("semantic").path("categories").properties().forEach(e ->
                Interval.of(e.getValue(), "recall", true).ifPresent(i -> out.put("semantic." + e.getKey(), i)));
        Interval.of(tree.get("coherence"), "mean", true).ifPresent(i -> out.put("coherence", i));
        Interval.of(tree.get("coherence"), "reference", false).ifPresent(i -> out.put("coherenceReference", i));
        return out;
    }

    /** Own protocol when any run says so; reference when every run says so; null when some run does not say. */
    private static String protocolOf(List<Scores> scores) {
        if (scores.stream().anyMatch(s -> Boolean.FALSE.equals(s.run().referenceProtocol()))) {
            return ReportRow.OWN;
        }
        return scores.stream().allMatch(s -> Boolean.TRUE.equals(s.run().referenceProtocol())) ? ReportRow.REFERENCE
                : null;
    }

    /** The encoder, the splitter, and whether they make the paper's definition of coherence. */
    static String coherenceScorer(CoherenceSection c) {
        String encoder = c.encoder() == null ? c.model() : c.model() + " (--scorer " + c.encoder() + ")";
        String splitter = c.splitter() == null ? "splitter not recorded" : "split by " + c.splitter();
        String definition = c.encoder() == null ? "definition not recorded"
                : c.paperDefinition() ? "the paper's definition (BERT [CLS])"
                : "not the paper's definition (that is BERT [CLS], --scorer bert:DIR)";
        return encoder + "; " + splitter + "; " + definition;
    }

    private List<String> columnsWithOverall() {
        List<String> all = new ArrayList<>(basicColumns);
        all.add(JudgeCategories.OVERALL);
        return all;
    }

    static String labelOf(RunIdentity id) {
        List<String> parts = new ArrayList<>();
        parts.add(id.model() == null ? id.run() : id.model());
        if (id.mode() != null) {
            parts.add(id.mode());
        }
        if (id.persona() != null) {
            parts.add(id.persona());
        }
        return String.join(" · ", parts);
    }

    private static RunDetail detailOf(Scores s) {
        JudgeSection j = s.judge();
        CategoryRecall o = j == null ? null : j.overall();
        String run = s.run().run();
        String benchmark = benchmarkOf(s);
        if (o == null) {
            return new RunDetail(run, benchmark, j == null ? null : j.judgeModel(), null, 0, 0, 0, 0, 0, 0, null, null,
                    0, protocolNote(s.run()));
        }
        return new RunDetail(run, benchmark, j.judgeModel(), j.policy() == null ? null : j.policy().name(),
                o.samples(), o.failures(), o.generationFailed(), o.exhausted(), o.malformed(), o.noScore(),
                o.recall(), o.referenceCompatible(), o.referenceSkipped(), protocolNote(s.run()));
    }

    /** run.json's protocol in words: reference, or the reasons for the project's own. */
    private static String protocolNote(RunIdentity id) {
        if (id.referenceProtocol() == null) {
            return null;
        }
        return id.referenceProtocol() ? ReportRow.REFERENCE : ReportRow.OWN + ": " + String.join("; ", id.ownProtocol());
    }

    /** A row being filled: at most one Basic and one Complex run. */
    private static final class RowSlots {
        final RunIdentity identity;
        final List<String> runs = new ArrayList<>();
        Scores basic;
        Scores complex;
        JsonNode basicJson;
        JsonNode complexJson;

        RowSlots(RunIdentity identity) {
            this.identity = identity;
        }

        List<Scores> scores() {
            return Stream.of(basic, complex).filter(Objects::nonNull).toList();
        }

        boolean sameIdentity(RunIdentity other) {
            return Objects.equals(identity.model(), other.model()) && Objects.equals(identity.mode(), other.mode())
                    && Objects.equals(identity.persona(), other.persona())
                    && (identity.model() != null || Objects.equals(identity.run(), other.run()));
        }
    }
}
