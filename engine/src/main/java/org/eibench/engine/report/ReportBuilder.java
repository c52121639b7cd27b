package org.eibench.engine.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.JudgeSection;
import org.eibench.engine.scores.RunIdentity;
import org.eibench.engine.scores.RunScores;
import org.eibench.engine.scores.Scores;

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
            } else {
                row.basic = r.scores();
            }
            row.runs.add(r.scores().run().run());
            details.add(detailOf(r.scores()));
        }
        return new Report(basicColumns, rows.stream().map(this::toRow).toList(), details);
    }

    /** The run's benchmark: run.json's, else the judge's; lower case; null when neither says. */
    static String benchmarkOf(Scores s) {
        String b = s.run() != null && s.run().benchmark() != null
                ? s.run().benchmark()
                : s.judge() != null ? s.judge().benchmark() : null;
        return b == null ? null : b.toLowerCase(Locale.ROOT);
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
        Double coherence = main.coherence() == null ? null : main.coherence().mean();
        return new ReportRow(labelOf(id), id.model(), id.mode(), id.persona(), slots.runs, basic, basicReference,
                complexOverall == null ? null : complexOverall.recall(),
                complexOverall == null ? null : complexOverall.referenceCompatible(), coherence, semanticRecall,
                semanticByCategory);
    }

    private List<String> columnsWithOverall() {
        List<String> all = new ArrayList<>(basicColumns);
        all.add(JudgeCategories.OVERALL);
        return all;
    }

    private static String labelOf(RunIdentity id) {
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
            return new RunDetail(run, benchmark, j == null ? null : j.judgeModel(), null, 0, 0, 0, 0, 0, null, null, 0);
        }
        return new RunDetail(run, benchmark, j.judgeModel(), j.policy() == null ? null : j.policy().name(),
                o.samples(), o.failures(), o.exhausted(), o.malformed(), o.noScore(), o.recall(),
                o.referenceCompatible(), o.referenceSkipped());
    }

    /** A row being filled: at most one Basic and one Complex run. */
    private static final class RowSlots {
        final RunIdentity identity;
        final List<String> runs = new ArrayList<>();
        Scores basic;
        Scores complex;

        RowSlots(RunIdentity identity) {
            this.identity = identity;
        }

        boolean sameIdentity(RunIdentity other) {
            return Objects.equals(identity.model(), other.model()) && Objects.equals(identity.mode(), other.mode())
                    && Objects.equals(identity.persona(), other.persona())
                    && (identity.model() != null || Objects.equals(identity.run(), other.run()));
        }
    }
}
