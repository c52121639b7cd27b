/** The {@code eibench} command line: one picocli class per verb. */
package org.eibench.engine.cli;
