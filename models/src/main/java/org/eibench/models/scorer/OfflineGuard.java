package org.eibench.models.scorer;

/** Puts DJL in offline mode before any engine starts, so that nothing is ever downloaded. */
final class OfflineGuard {
    private OfflineGuard() {}

    static void apply() {
        // DJL reads this property (or the DJL_OFFLINE variable) before fetching engine libraries or models
        System.setProperty("ai.djl.offline", "true");
        // keeps the OnnxRuntime engine from starting PyTorch for NDArray operations it lacks (pooling is done in Java)
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
    }
}
