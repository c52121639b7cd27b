/**
 * A vision-language model over llama.cpp + libmtmd and its one driver, {@link org.eibench.models.vlm.GenerationService}:
 * requests (a conversation and its images) in, generations (text and token counts) out, many sequences decoded
 * together by a continuous-batching scheduler.
 */
package org.eibench.models.vlm;
