/**
 * The cross-run report: several scored run folders, and chosen rows of the paper's published tables, combined into
 * paper-style tables and bar charts, written as report.md, report.json and a self-contained report.html. Reads runs
 * through {@link org.eibench.engine.scores}.
 */
package org.eibench.engine.report;
