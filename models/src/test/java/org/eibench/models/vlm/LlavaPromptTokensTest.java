package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import org.eibench.kernels.llama.LlamaModel;
import org.eibench.kernels.llama.MtmdBitmap;
import org.eibench.kernels.llama.MtmdContext;
import org.eibench.kernels.llama.MtmdInputChunk;
import org.eibench.kernels.llama.MtmdInputChunks;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.chat.ChatTemplates;
import org.junit.jupiter.api.Test;

/**
 * The llava_v1 prompt on the tiny fixture tokenizes as the reference's {@code tokenizer_image_token} does: BOS once at
 * the start, the text before and after the image each tokenized on its own, nothing added or lost around the image.
 * The expected ids ({@code llava-v1-prompt-tokens.json}) were computed with SentencePiece from the fixture's HF
 * tokenizer.model, the way tokenizer_image_token calls it.
 */
class LlavaPromptTokensTest {
    private static final int BOS = 1;
    /** The tiny vocabulary's pieces: "▁USER" 417, ":" 998, "▁" 971, "<0x0A>" (newline) 14, "<0x59>" ("Y") 93. */
    private static final int USER = 417;
    private static final int COLON = 998;
    private static final int SPACE = 971;
    private static final int NEWLINE = 14;
    private static final int BYTE_Y = 93;

    @Test
    void tokensAroundTheImageAreTheReferences() throws IOException {
        JsonNode expected = reference();
        String inp = "You are a good expert of emotion understanding. Look at the image, Why might the person shown"
                + " here be feeling cheerful?.";
        String prompt = ChatTemplates.builtIn().get("llava_v1")
                .render(List.of(ChatMessage.user(ChatTemplate.MEDIA_MARKER + "\n" + inp)), true);
        assertEquals(expected.get("prompt").asText(), prompt.replace(ChatTemplate.MEDIA_MARKER, "<image>"));
        try (LlamaModel model = LlamaModel.load(TinyLlava.model(), LlamaModel.Params.defaults().withGpuLayers(0));
                MtmdContext mtmd = MtmdContext.load(TinyLlava.mmproj(), model, new MtmdContext.Params(false, 2,
                        false));
                MtmdBitmap bitmap = mtmd.bitmapFromFile(TinyLlava.image());
                // as PromptPreparer tokenizes every image prompt: add special (BOS), parse special
                MtmdInputChunks chunks = mtmd.tokenize(prompt, List.of(bitmap), true, true)) {
            assertEquals(3, chunks.size());
            assertEquals(MtmdInputChunk.Type.IMAGE, chunks.get(1).type());
            int[] before = chunks.get(0).textTokens();
            int[] after = chunks.get(2).textTokens();
            // "... USER: " ends in a space: SentencePiece writes it as the lone piece "▁" at the end of the chunk
            assertEquals(List.of(USER, COLON, SPACE), tail(before, 3));
            // the text after the image is tokenized on its own, so SentencePiece's dummy prefix adds "▁" before
            // "\nYou": "▁", then the newline byte, then "Y" by byte fallback. llama.cpp does the same because each
            // mtmd text chunk is a separate llama_tokenize call (add_special false) whose SPM tokenizer starts with
            // is_prev_special = true and so prepends the space (add_space_prefix); BOS is added once, to chunk 0
            assertEquals(List.of(SPACE, NEWLINE, BYTE_Y), head(after, 3));
            assertEquals(BOS, before[0]);
            assertEquals(1, Arrays.stream(before).filter(t -> t == BOS).count() + Arrays.stream(after)
                    .filter(t -> t == BOS).count(), "BOS once, at the start only");
            assertEquals(ints(expected.get("before_image")), toList(before));
            assertEquals(ints(expected.get("after_image")), toList(after));
        }
    }

    private static JsonNode reference() throws IOException {
        try (InputStream in = LlavaPromptTokensTest.class.getResourceAsStream("llava-v1-prompt-tokens.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    private static List<Integer> ints(JsonNode array) {
        return TinyLlava.ints(array);
    }

    private static List<Integer> toList(int[] values) {
        return Arrays.stream(values).boxed().toList();
    }

    private static List<Integer> head(int[] values, int n) {
        return toList(Arrays.copyOf(values, n));
    }

    private static List<Integer> tail(int[] values, int n) {
        return toList(Arrays.copyOfRange(values, values.length - n, values.length));
    }
}
