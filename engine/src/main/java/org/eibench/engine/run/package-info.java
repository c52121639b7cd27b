/** The crash-safe run folder: fsync'd records.jsonl, derived predictions.jsonl, atomic run.json, resume and merge. */
package org.eibench.engine.run;
