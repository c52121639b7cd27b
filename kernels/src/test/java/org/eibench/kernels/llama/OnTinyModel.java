package org.eibench.kernels.llama;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base of the test classes that share one CPU load of the tiny fixture model, loaded before and closed after. */
abstract class OnTinyModel {
    static LlamaModel model;

    @BeforeAll
    static void loadTinyModel() {
        model = LlamaModel.load(TinyFixture.model(), LlamaModel.Params.defaults().withGpuLayers(0));
    }

    @AfterAll
    static void closeTinyModel() {
        if (model != null) {
            model.close();
            model = null;
        }
    }
}
