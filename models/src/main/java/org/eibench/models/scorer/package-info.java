/** Local sentence encoders for scoring (MiniLM over ONNX Runtime, user BERT checkpoints over PyTorch), all offline. */
package org.eibench.models.scorer;
