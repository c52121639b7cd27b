/** GGUF files read in pure Java: header, metadata and tensor infos, validated before llama.cpp loads them. */
package org.eibench.models.gguf;
