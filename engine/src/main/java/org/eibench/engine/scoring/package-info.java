/**
 * Scoring a run folder into scores.json: {@link org.eibench.engine.scoring.ScoreConfig} says what to score,
 * {@link org.eibench.engine.scoring.Scoring#score} pairs the answers with the ground truth and runs the LLM judge,
 * semantic trigger recall and long-term coherence.
 */
package org.eibench.engine.scoring;
