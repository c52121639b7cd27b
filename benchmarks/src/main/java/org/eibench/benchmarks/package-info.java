/** EIBench benchmarks module. */
package org.eibench.benchmarks;
