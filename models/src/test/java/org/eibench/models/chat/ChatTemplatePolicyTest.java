package org.eibench.models.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.eibench.kernels.gguf.GgufFixtures;
import org.eibench.kernels.gguf.GgufTestWriter;
import org.eibench.kernels.gguf.GgufValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one template policy of the answer model and the judge: explicit name, the reference's rule, detection. */
class ChatTemplatePolicyTest {
    private static final ChatTemplatePolicy POLICY = ChatTemplatePolicy.builtIn();
    private static final ChatTemplatePolicy.Choice NOT_CALLED = null;

    private static ChatTemplatePolicy.Choice llava(String file, String folder, String generalName) {
        return POLICY.choose(new ChatTemplatePolicy.ModelNames(file, folder, generalName, "mlp"), () -> {
            throw new AssertionError("a LLaVA-class model must not fall back to detection");
        }, null);
    }

    @Test
    void theReferencesRuleOnLlavaNamesFirstMatchWins() {
        assertEquals("llava_v1", llava("llava-v1.5-7b-Q4_K_M.gguf", "models", "LLaMA v2").name());
        assertEquals("chatml_direct", llava("llava-v1.6-34b.Q4_K_M.gguf", null, null).name());
        assertEquals("mistral_instruct", llava("llava-v1.6-mistral-7b.Q5_K_M.gguf", null, null).name(),
                "'mistral' comes before 'v1' in the rule");
        assertEquals("llava_llama_2", llava("LLaVA-Llama-2-13B-v1.gguf", null, null).name(), "lower-cased");
        assertEquals("mpt", llava("llava-mpt-7b.gguf", null, null).name());
        assertEquals("llava_v0", llava("bakllava-q4.gguf", "bakllava", "BakLLaVA").name(), "the rule's fallback");
    }

    @Test
    void theFileNameIsTriedFirstThenTheFolderThenGeneralName() {
        ChatTemplatePolicy.Choice folder = llava("ggml-model-q4_k.gguf", "ggml_llava-v1.5-7b", "llama-2 base");
        assertEquals("llava_v1", folder.name());
        assertTrue(folder.reason().contains("folder name 'ggml_llava-v1.5-7b' contains 'v1'"), folder.reason());
        ChatTemplatePolicy.Choice general = llava("model.gguf", "weights", "LLaVA-Llama-2-13B");
        assertEquals("llava_llama_2", general.name());
        assertTrue(general.reason().contains("general.name 'LLaVA-Llama-2-13B' contains 'llama-2'"), general.reason());
        assertTrue(general.reason().startsWith("LLaVA-class model (mmproj projector type mlp)"), general.reason());
    }

    @Test
    void aLlavaNameMakesAModelLlavaClassWithoutAProjector() {
        ChatTemplatePolicy.Choice c = POLICY.choose(new ChatTemplatePolicy.ModelNames("llava-v1.5-7b.gguf", null,
                null, null), () -> NOT_CALLED, null);
        assertEquals("llava_v1", c.name());
        assertTrue(c.reason().contains("name 'llava-v1.5-7b.gguf' contains 'llava'"), c.reason());
    }

    @Test
    void otherModelsKeepDetection() {
        ChatTemplatePolicy.Choice detected = new ChatTemplatePolicy.Choice(
                Optional.of(ChatTemplates.builtIn().get("llama3")), "llama3", "detected from its tokenizer.chat_template");
        // a Llama-3 judge whose name contains 'v1' is not LLaVA-class: the rule does not apply
        ChatTemplatePolicy.Choice judge = POLICY.choose(new ChatTemplatePolicy.ModelNames(
                "Meta-Llama-3-8B-Instruct-v1.Q8_0.gguf", null, "Meta Llama 3 8B Instruct", null), () -> detected, null);
        assertEquals("llama3", judge.name());
        assertTrue(judge.reason().startsWith("not a LLaVA-class model"), judge.reason());
        ChatTemplatePolicy.Choice qwen = POLICY.choose(new ChatTemplatePolicy.ModelNames("Qwen2-VL-7B-v1.gguf", null,
                null, "qwen2vl_merger"), () -> detected, null);
        assertEquals("llama3", qwen.name(), "Qwen2-VL's projector is not LLaVA's");
    }

    @Test
    void anExplicitNameWins() {
        ChatTemplatePolicy.Choice c = POLICY.choose(new ChatTemplatePolicy.ModelNames("llava-v1.5.gguf", null, null,
                "mlp"), () -> NOT_CALLED, "vicuna");
        assertEquals("vicuna", c.name());
        assertEquals("named by --chat-template", c.reason());
        assertThrows(UnknownChatTemplateException.class, () -> POLICY.choose(
                new ChatTemplatePolicy.ModelNames("x.gguf", null, null, null), () -> NOT_CALLED, "llava-v1"));
    }

    @Test
    void theTinyFixtureCopiedToALlava15NameGetsLlavaV1(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("llava-v1.5-7b-f16.gguf");
        Files.copy(GgufFixtures.textModel(), model);
        ChatTemplatePolicy.Choice c = POLICY.choose(model, GgufFixtures.mmproj(), null);
        assertEquals("llava_v1", c.name());
        assertEquals("llava_v1", c.template().orElseThrow().name());
        assertTrue(c.reason().contains("mmproj projector type mlp")
                && c.reason().contains("file name 'llava-v1.5-7b-f16.gguf' contains 'v1'"), c.reason());
        // under its own name no pattern matches (tiny-llava-f16.gguf, folder tiny-llava, general.name Hf)
        assertEquals("llava_v0", POLICY.choose(GgufFixtures.textModel(), GgufFixtures.mmproj(), null).name());
    }

    @Test
    void aNonLlavaFileKeepsTodaysDetection(@TempDir Path dir) throws Exception {
        Path judge = dir.resolve("Meta-Llama-3-8B-Instruct.Q8_0.gguf");
        Files.write(judge, new GgufTestWriter().kv("general.architecture", GgufValueType.STRING, "llama")
                .kv("general.name", GgufValueType.STRING, "Meta Llama 3 8B Instruct")
                .kv("tokenizer.chat_template", GgufValueType.STRING,
                        "{% for m in messages %}<|start_header_id|>{{ m['role'] }}<|end_header_id|>{% endfor %}")
                .bytes());
        ChatTemplatePolicy.Choice c = POLICY.choose(judge, null, null);
        assertEquals("llama3", c.name());
        assertEquals(ChatTemplates.builtIn().detect(org.eibench.kernels.gguf.GgufFile.read(judge)).name(), c.name());
        Path gemma = dir.resolve("gemma-3-4b-it.gguf");
        Files.write(gemma, new GgufTestWriter().kv("general.architecture", GgufValueType.STRING, "gemma3")
                .kv("tokenizer.chat_template", GgufValueType.STRING, "{{ '<start_of_turn>' }}").bytes());
        ChatTemplatePolicy.Choice own = POLICY.choose(gemma, null, null);
        assertEquals(Optional.empty(), own.template(), "llama.cpp renders the model's own template");
        assertEquals(ChatTemplatePolicy.MODEL_OWN, own.name());
    }
}
