/** scores.json and samples.jsonl of a scored run, and the paper-style reports built from several runs. */
package org.eibench.engine.report;
