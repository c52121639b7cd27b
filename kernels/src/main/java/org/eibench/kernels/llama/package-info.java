/**
 * Hand-written {@code java.lang.foreign} binding of llama.cpp and libmtmd: the only package that touches native memory.
 *
 * <p>Package-private classes {@code LlamaNative} and {@code MtmdNative} hold the downcalls, named exactly like the
 * C symbols, and share {@code Downcalls} for linking and for turning a failed call into an exception naming the
 * function; the public classes ({@link org.eibench.kernels.llama.LlamaModel}, {@link
 * org.eibench.kernels.llama.LlamaContext}, {@link org.eibench.kernels.llama.MtmdContext}, ...) each own one native
 * handle, convert types and return codes, and validate inputs that would otherwise abort the JVM inside ggml.
 */
package org.eibench.kernels.llama;
