/**
 * The per-run scores schema: scores.json (one {@link org.eibench.engine.scores.Scores} with its judge, semantic and
 * coherence sections) and samples.jsonl (one {@link org.eibench.engine.scores.ScoredSample} per line), how they are
 * written into a run folder and read back. Knows nothing of reports.
 */
package org.eibench.engine.scores;
