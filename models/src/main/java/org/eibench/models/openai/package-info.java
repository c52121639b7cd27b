/**
 * The OpenAI-compatible backend: a {@link org.eibench.models.vlm.GenerationService} that sends each request to a
 * server's {@code /v1/chat/completions} (vLLM, SGLang, llama-server, Ollama, ...) instead of decoding it locally.
 */
package org.eibench.models.openai;
