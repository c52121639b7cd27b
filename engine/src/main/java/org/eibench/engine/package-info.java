/** EIBench engine module. */
package org.eibench.engine;
