/** EIBench kernels module. */
package org.eibench.kernels;
