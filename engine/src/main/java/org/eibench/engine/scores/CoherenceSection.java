package org.eibench.engine.scores;

/**
 * Answer coherence in scores.json.
 *
 * @param model the model that scored coherence
 * @param mean mean coherence over the samples used
 * @param nUsed samples scored
 * @param nSkipped samples that could not be scored
 */
public record CoherenceSection(String model, Double mean, int nUsed, int nSkipped) {}
