/**
 * The one GGUF reader: header, metadata and tensor infos read in pure Java and bounds-checked ({@link
 * org.eibench.kernels.gguf.GgufFile#read}), plus the rules of what llama.cpp and libmtmd abort on ({@link
 * org.eibench.kernels.gguf.GgufLoadRules}, {@link org.eibench.kernels.gguf.ProjectorFit}). {@code LlamaModel.load} and
 * {@code MtmdContext.load} use it as the guard before native code sees a file, and expose the parsed header.
 */
package org.eibench.kernels.gguf;
