package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The llama.cpp text path of the binding on the tiny fixture, plus the checks that keep bad input away from C. */
class LlamaModelTest extends OnTinyModel {
    @Test
    void readsModelFacts() {
        assertEquals(256, model.embeddingSize());
        assertEquals(256, model.inputEmbeddingSize());
        assertEquals(2, model.layerCount());
        assertEquals(1024, model.vocab().size());
        assertEquals("llama", model.metadata("general.architecture").orElseThrow());
        assertTrue(model.metadata().containsKey("general.architecture"));
        assertTrue(model.parameterCount() > 0);
        assertTrue(model.sizeBytes() > 0);
        assertFalse(model.description().isEmpty());
        assertTrue(model.metadata("no.such.key").isEmpty());
    }

    @Test
    void tokenizesAndDetokenizes() {
        LlamaVocab vocab = model.vocab();
        int[] tokens = vocab.tokenize("USER: Describe the image.", true, true);
        assertEquals(vocab.bos(), tokens[0]);
        String back = vocab.detokenize(tokens, true, false);
        assertEquals("USER: Describe the image.", back.strip());
        // a long text needs the size-then-retry path
        String longText = "word ".repeat(2000);
        assertTrue(vocab.tokenize(longText, false, false).length >= 2000);
        StringBuilder pieces = new StringBuilder();
        for (int token : vocab.tokenize("hello world", false, false)) {
            pieces.append(new String(vocab.tokenToPiece(token, false), java.nio.charset.StandardCharsets.UTF_8));
        }
        assertEquals(" hello world", " " + pieces.toString().strip());
    }

    @Test
    void appliesBuiltInChatTemplate() {
        String template = model.chatTemplate(null).orElseThrow();
        String prompt = LlamaChatTemplates.apply(template, List.of(new ChatTurn("user", "<__media__>Describe the image.")),
                true);
        assertEquals("USER: <__media__>Describe the image.\nASSISTANT:", prompt);
        assertEquals(prompt, LlamaChatTemplates.apply("vicuna",
                List.of(new ChatTurn("user", "<__media__>Describe the image.")), true));
    }

    @Test
    void greedyTextGenerationIsDeterministicAndMatchesLogitsArgmax() {
        assertEquals(generate("Once upon a time", 16), generate("Once upon a time", 16));
    }

    private List<Integer> generate(String prompt, int n) {
        try (LlamaContext context = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(256)
                .withThreads(2));
                LlamaBatch batch = context.newBatch(64, 1);
                SamplerChain chain = SamplerChain.create().add(Sampler.greedy())) {
            int[] tokens = model.vocab().tokenize(prompt, true, false);
            int last = -1;
            for (int i = 0; i < tokens.length; i++) {
                last = batch.add(tokens[i], i, i == tokens.length - 1, 0);
            }
            context.decodeOrThrow(batch, "prompt");
            List<Integer> out = new ArrayList<>();
            int position = tokens.length;
            for (int step = 0; step < n; step++) {
                float[] logits = context.logits(last);
                int token = chain.sample(context, last);
                assertEquals(argmax(logits), token, "greedy picks the largest logit");
                out.add(token);
                batch.clear();
                last = batch.add(token, position++, true, 0);
                context.decodeOrThrow(batch, "step");
            }
            assertEquals(position - 1, context.seqPosMax(0));
            return out;
        }
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    @Test
    void samplerAddedToChainBelongsToTheChain() {
        Sampler greedy = Sampler.greedy();
        try (SamplerChain chain = SamplerChain.create()) {
            chain.add(Sampler.topK(40)).add(Sampler.temperature(0.7f)).add(greedy);
            assertEquals(3, chain.size());
            assertTrue(greedy.isClosed(), "the chain owns the sampler now");
            assertThrows(IllegalStateException.class, greedy::name);
            greedy.close(); // no double free
        }
    }

    @Test
    void badGrammarIsAnExceptionNotACrash() {
        LlamaException e = assertThrows(LlamaException.class,
                () -> Sampler.grammar(model.vocab(), "root ::= ( \"a\" ", "root"));
        assertTrue(e.getMessage().contains("grammar"), e.getMessage());
        try (Sampler ok = Sampler.grammar(model.vocab(), "root ::= [a-z]+", "root")) {
            assertFalse(ok.isClosed());
        }
    }

    @Test
    void invalidBatchInputIsRejectedBeforeNativeCode() {
        try (LlamaContext context = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(128)
                .withSequences(2));
                LlamaBatch batch = context.newBatch(4, 1)) {
            assertThrows(IllegalArgumentException.class, () -> batch.add(1024, 0, false, 0), "token id = n_vocab");
            assertThrows(IllegalArgumentException.class, () -> batch.add(-1, 0, false, 0));
            assertThrows(IllegalArgumentException.class, () -> batch.add(5, 0, false, 2), "seq id = n_seq_max");
            assertThrows(IllegalArgumentException.class, () -> batch.add(5, -3, false, 0));
            assertThrows(IllegalArgumentException.class, () -> context.decode(batch), "empty batch aborts in C");
            batch.add(5, 0, false, 0);
            assertThrows(IllegalArgumentException.class, () -> batch.add(6, 5, false, 0), "gap in positions");
            batch.add(6, 1, false, 0);
            batch.add(7, 2, false, 0);
            batch.add(8, 3, false, 0);
            assertThrows(IllegalStateException.class, () -> batch.add(9, 4, false, 0), "over capacity");
            batch.clear();
            batch.add(5, 7, true, 1);
            assertThrows(IllegalArgumentException.class, () -> context.decode(batch), "position beyond the cache");
            assertThrows(IllegalArgumentException.class, () -> context.newBatch(context.batchSize() + 1, 1));
            assertThrows(IllegalArgumentException.class, () -> model.vocab().detokenize(new int[] {4000}, false,
                    false));
        }
    }

    @Test
    void aClearedBatchForgetsEverySequencesPositions() {
        try (LlamaContext context = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(128)
                .withSequences(2));
                LlamaBatch batch = context.newBatch(8, 1)) {
            batch.add(5, 0, false, 0);
            batch.add(6, 0, false, 1);
            batch.add(7, 1, true, 1);
            assertThrows(IllegalArgumentException.class, () -> batch.add(8, 3, false, 1), "gap in sequence 1");
            context.decodeOrThrow(batch, "two sequences");
            batch.clear();
            // after a clear the next positions need not follow the ones of the cleared batch
            batch.add(9, 1, false, 0);
            assertEquals(1, batch.size());
            assertThrows(IllegalArgumentException.class, () -> batch.add(9, 5, false, 0), "gap in sequence 0");
            batch.add(9, 2, true, 1);
            context.decodeOrThrow(batch, "both continue");
            batch.clear();
            batch.add(9, 4, true, 0);
            assertThrows(IllegalArgumentException.class, () -> context.decode(batch),
                    "sequence 0 ends at 1: its first position in this batch may not be 4");
        }
    }

    @Test
    void tokenPiecesAreRememberedButHandedOutAsCopies() {
        LlamaVocab vocab = model.vocab();
        int token = vocab.tokenize("hello", false, false)[0];
        byte[] first = vocab.tokenToPiece(token, false);
        byte[] expected = first.clone();
        java.util.Arrays.fill(first, (byte) 'x');
        assertArrayEquals(expected, vocab.tokenToPiece(token, false));
        assertArrayEquals(expected, vocab.tokenToPiece(token, false));
        // the control token BOS is empty unless rendered as text: the two flags are remembered apart
        assertEquals(0, vocab.tokenToPiece(vocab.bos(), false).length);
        assertEquals("<s>", new String(vocab.tokenToPiece(vocab.bos(), true),
                java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(0, vocab.tokenToPiece(vocab.bos(), false).length);
    }

    @Test
    void thePieceTableReadAtLoadAgreesWithAskingLlamaCppPerTokenForTheWholeVocabulary() {
        LlamaVocab vocab = model.vocab();
        int nonEmpty = 0;
        for (int token = 0; token < vocab.size(); token++) {
            byte[] fromTable = vocab.tokenToPiece(token, false);
            // special = true is asked of llama.cpp on first use; it changes only the special tokens (control, unknown),
            // which render as nothing without it
            if (fromTable.length > 0) {
                assertArrayEquals(vocab.tokenToPiece(token, true), fromTable, "token " + token);
            }
            nonEmpty += fromTable.length > 0 ? 1 : 0;
        }
        assertTrue(nonEmpty > vocab.size() / 2, nonEmpty + " non-empty pieces of " + vocab.size());
        assertThrows(IllegalArgumentException.class, () -> vocab.tokenToPiece(vocab.size(), false));
    }

    @Test
    void useAfterCloseIsAnIllegalStateException() {
        LlamaContext context = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(64));
        context.close();
        context.close();
        assertThrows(IllegalStateException.class, context::contextSize);
        LlamaBatch batch;
        try (LlamaContext open = LlamaContext.create(model, LlamaContext.Params.defaults().withContextSize(64))) {
            batch = open.newBatch(2, 1);
        }
        batch.close();
        assertThrows(IllegalStateException.class, () -> batch.add(1, 0, false, 0));
    }

    @Test
    void missingGarbageAndTruncatedModelsAreClearErrors(@TempDir Path tmp) throws IOException {
        InvalidModelFileException missing = assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(tmp.resolve("nope.gguf"), LlamaModel.Params.defaults()));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());

        Path garbage = Files.write(tmp.resolve("garbage.gguf"), "this is not a model at all, not even close".repeat(4)
                .getBytes());
        assertTrue(assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(garbage, LlamaModel.Params.defaults())).getMessage().contains("magic"));

        byte[] whole = Files.readAllBytes(TinyFixture.model());
        Path truncatedData = Files.write(tmp.resolve("truncated.gguf"),
                java.util.Arrays.copyOf(whole, whole.length / 2));
        assertTrue(assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(truncatedData, LlamaModel.Params.defaults())).getMessage()
                .contains("truncated"));

        Path truncatedHeader = Files.write(tmp.resolve("header.gguf"), java.util.Arrays.copyOf(whole, 200));
        assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(truncatedHeader, LlamaModel.Params.defaults()));
    }

    @Test
    void kvBytesPerCellFollowsTheModelShape() {
        int layers = Integer.parseInt(model.metadata("llama.block_count").orElseThrow());
        int heads = Integer.parseInt(model.metadata("llama.attention.head_count").orElseThrow());
        int kvHeads = Integer.parseInt(model.metadata("llama.attention.head_count_kv").orElse(Integer.toString(heads)));
        int width = Integer.parseInt(model.metadata("llama.embedding_length").orElseThrow());
        assertEquals(2L * layers * kvHeads * (width / heads) * 2L, model.kvBytesPerCell(), "f16 keys and values");
        assertTrue(model.kvBytesPerCell() > 0);
    }

    @Test
    void backendDevicesIncludeTheCpuWithItsMemory() {
        java.util.List<BackendDevices.Device> devices = BackendDevices.list();
        BackendDevices.Device cpu = devices.stream().filter(d -> d.type() == BackendDevices.Type.CPU).findFirst()
                .orElseThrow(() -> new AssertionError("no CPU device in " + devices));
        assertTrue(cpu.totalBytes() > 0 && cpu.freeBytes() > 0 && cpu.freeBytes() <= cpu.totalBytes(), cpu.toString());
        assertFalse(cpu.dedicatedMemory());
        assertFalse(cpu.name().isEmpty());
    }
}
