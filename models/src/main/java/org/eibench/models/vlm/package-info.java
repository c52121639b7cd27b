/** Vision-language models over llama.cpp + libmtmd: load from a spec, generate one answer, or batch many sequences. */
package org.eibench.models.vlm;
