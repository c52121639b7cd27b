/**
 * EIBench engine module: dataset, modes, runner, judge, metrics, scores, reports and the CLI, one concept per
 * sub-package (docs/architecture.md); this package holds only what all of them share ({@link RecordComponents}, the
 * records' null checks).
 */
package org.eibench.engine;
