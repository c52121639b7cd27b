package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.kernels.gguf.GgufTestWriter;
import org.eibench.kernels.gguf.GgufValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judge goes through the same template policy as the answer model. Before, a judge without --judge-chat-template
 * had its GGUF's own template rendered by llama.cpp; for a Llama-3 judge the policy now picks the llama3 data
 * template, and its prompt must be the same bytes llama.cpp writes for that GGUF.
 */
class JudgeTemplateChoiceTest {
    /** Llama-3-Instruct's Jinja template, as its GGUF stores it. */
    private static final String LLAMA3_JINJA = "{% set loop_messages = messages %}{% for message in loop_messages %}"
            + "{% set content = '<|start_header_id|>' + message['role'] + '<|end_header_id|>\n\n'"
            + "+ message['content'] | trim + '<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token"
            + " + content %}{% endif %}{{ content }}{% endfor %}{% if add_generation_prompt %}"
            + "{{ '<|start_header_id|>assistant<|end_header_id|>\n\n' }}{% endif %}";

    @Test
    void aLlama3JudgeGetsTheBytesLlamaCppWroteBefore(@TempDir Path dir) throws Exception {
        Path judge = dir.resolve("Meta-Llama-3-8B-Instruct.Q8_0.gguf");
        Files.write(judge, new GgufTestWriter().kv("general.architecture", GgufValueType.STRING, "llama")
                .kv("general.name", GgufValueType.STRING, "Meta Llama 3 8B Instruct")
                .kv("tokenizer.chat_template", GgufValueType.STRING, LLAMA3_JINJA).bytes());
        ChatTemplatePolicy.Choice choice = ChatTemplatePolicy.builtIn().choose(judge, null, null);
        assertEquals("llama3", choice.name());
        List<ChatMessage> judgeConversation = List.of(
                ChatMessage.system("You are an expert in emotional psychology.  Judge the answer."),
                ChatMessage.user("Ground truth: 1. A smile.\nAnswer: She smiles at a gift.\n\nScore: "));
        String before = new LlamaBuiltinChatTemplate("gguf:tokenizer.chat_template", LLAMA3_JINJA)
                .render(judgeConversation, true);
        assertEquals(before, choice.template().orElseThrow().render(judgeConversation, true));
    }
}
