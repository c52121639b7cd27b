/** Scoring a run folder: the LLM judge, semantic trigger recall and long-term coherence, into scores.json. */
package org.eibench.engine.scoring;
