package org.eibench.engine.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eibench.engine.judge.CategoryRecall;
import org.eibench.engine.scores.AgreementSection;
import org.eibench.engine.scores.CalibrationRows;
import org.eibench.engine.scores.CoherenceSection;
import org.eibench.engine.scores.Scores;
import org.eibench.engine.scores.SemanticFigures;

/**
 * One run's figures with their 95% intervals, its calibration rows and its judge-semantic agreement, as its
 * scores.json has them; any part may be absent (null or empty).
 *
 * @param run the run folder's name
 * @param benchmark {@code basic} or {@code complex}, or null when the run does not say
 * @param judge judge recall per category, then {@code overall}
 * @param semantic semantic recall per category, then {@code overall}
 * @param coherence the coherence section
 * @param calibration the semantic recall's ceiling and chance rows
 * @param agreement the judge-semantic agreement
 */
public record RunStatistics(String run, String benchmark, Map<String, CategoryRecall> judge,
        Map<String, SemanticFigures> semantic, CoherenceSection coherence, CalibrationRows calibration,
        AgreementSection agreement) {
    public RunStatistics {
        judge = judge == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(judge));
        semantic = semantic == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(semantic));
    }

    static RunStatistics of(Scores s) {
        return new RunStatistics(s.run().run(), Scores.benchmarkOf(s), s.judge() == null ? null
                : s.judge().categories(), s.semantic() == null ? null : s.semantic().categories(), s.coherence(),
                s.semantic() == null ? null : s.semantic().calibration(), s.agreement());
    }
}
