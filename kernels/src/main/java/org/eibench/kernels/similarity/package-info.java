/** Cosine-similarity matrices between sets of embedding vectors: an ND4J kernel and a plain-Java reference. */
package org.eibench.kernels.similarity;
