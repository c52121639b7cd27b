package org.eibench.models.vlm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eibench.kernels.gguf.GgufTestFiles;
import org.eibench.kernels.llama.InvalidModelFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Truncated and hostile GGUF files are refused by the pure-Java reader inside {@link VisionLanguageModel#load}, with
 * the file named, before llama.cpp sees them; the JVM stays usable and the intact fixture loads afterwards.
 */
class ModelFileValidationTest {
    /** Offsets in the tiny fixture's header, found by walking it (see data/fixtures/tiny-llava). */
    private static final int TENSOR_COUNT_AT = 8;
    private static final int FIRST_KEY_LENGTH_AT = 24;
    /** general.architecture: key length (8) + "general.architecture" (20), then its value type. */
    private static final int FIRST_VALUE_TYPE_AT = 24 + 8 + 20;

    @TempDir
    Path tmp;

    /** Cut points: inside the magic, the counts, the metadata, the tensor directory, the data, one byte short. */
    @ParameterizedTest(name = "model cut to {0} bytes")
    @ValueSource(ints = {0, 3, 12, 200, 20_000, 24_600, 1_000_000, -1})
    void aTruncatedModelIsRefusedNamingTheFile(int cut) throws IOException {
        byte[] whole = Files.readAllBytes(TinyLlava.model());
        Path file = tmp.resolve("cut-" + cut + ".gguf");
        Files.write(file, Arrays.copyOf(whole, cut < 0 ? whole.length + cut : cut));
        assertRefusedByJavaReader(VlmSpec.builder().setModel(file).optGpuLayers(0).build(), file);
    }

    @Test
    void aTruncatedMmprojIsRefusedNamingTheFile() throws IOException {
        byte[] whole = Files.readAllBytes(TinyLlava.mmproj());
        Path file = tmp.resolve("mmproj-cut.gguf");
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));
        assertRefusedByJavaReader(TinyLlava.spec().optMmproj(file).build(), file);
    }

    @Test
    void aHugeTensorCountIsRefused() throws IOException {
        Path file = patchedModel("huge-tensor-count", b -> b.putLong(TENSOR_COUNT_AT, 1L << 40));
        assertRefusedByJavaReader(VlmSpec.builder().setModel(file).optGpuLayers(0).build(), file);
    }

    @Test
    void aHugeStringLengthIsRefused() throws IOException {
        Path file = patchedModel("huge-string", b -> b.putLong(FIRST_KEY_LENGTH_AT, Long.MAX_VALUE - 7));
        assertRefusedByJavaReader(VlmSpec.builder().setModel(file).optGpuLayers(0).build(), file);
    }

    @Test
    void anUnknownValueTypeIsRefused() throws IOException {
        Path file = patchedModel("bad-type", b -> b.putInt(FIRST_VALUE_TYPE_AT, 0x7FFF));
        assertRefusedByJavaReader(VlmSpec.builder().setModel(file).optGpuLayers(0).build(), file);
    }

    /**
     * The projector's output width is what libmtmd computes ({@code mm.2.weight}'s ne[1] for an MLP), not
     * {@code clip.vision.projection_dim} (LLaVA-1.5 conversions store CLIP's 768 there): the last layer is rewritten
     * as a 256 x 128 F32 matrix, the same bytes as the 256 x 256 F16 one.
     */
    @Test
    void anMmprojOfAnotherWidthIsRefusedNamingBothFiles() throws IOException {
        byte[] bytes = Files.readAllBytes(TinyLlava.mmproj());
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        // tensor info: name, n_dims (4), ne[0], ne[1] (8 each), type (4)
        int dimsAt = GgufTestFiles.indexOf(bytes, "mm.2.weight".getBytes(StandardCharsets.US_ASCII)) + "mm.2.weight".length() + 4;
        assertEquals(256, b.getLong(dimsAt + 8), "the tiny mmproj projects to 256");
        b.putLong(dimsAt + 8, 128);
        b.putInt(dimsAt + 16, 0); // F32
        Path file = tmp.resolve("mmproj-128.gguf");
        Files.write(file, bytes);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> VisionLanguageModel.load(TinyLlava.spec().optMmproj(file).build()).close());
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains(TinyLlava.model().toString()),
                e.getMessage());
        assertTrue(e.getMessage().contains("128") && e.getMessage().contains("256"), e.getMessage());
    }

    /**
     * Issue 10 part 1: choosing the template and loading a model and its mmproj parse each header once; the policy's
     * choice (the one path, as the CLI takes it) is the template the loaded model renders with.
     */
    @Test
    void eachHeaderIsParsedOnceWhenThePolicyChoosesTheTemplateAndTheModelLoads(@TempDir Path tmp) throws IOException {
        // fresh copies: headers this JVM read before are not parsed again, which would hide a second parse
        Path model = Files.copy(TinyLlava.model(), tmp.resolve("model.gguf"));
        Path mmproj = Files.copy(TinyLlava.mmproj(), tmp.resolve("mmproj.gguf"));
        long before = org.eibench.kernels.gguf.GgufFile.parseCount();
        var choice = org.eibench.models.chat.ChatTemplatePolicy.builtIn().choose(model, mmproj, null);
        var spec = TinyLlava.spec().setModel(model).optMmproj(mmproj);
        choice.template().ifPresent(spec::optChatTemplate);
        try (VisionLanguageModel vlm = VisionLanguageModel.load(spec.build())) {
            assertEquals(2, org.eibench.kernels.gguf.GgufFile.parseCount() - before, "model and mmproj, once each");
            assertEquals(choice.name(), vlm.chatTemplate().name());
        }
    }

    @Test
    void aTextModelGivenAsMmprojIsRefused() {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> VisionLanguageModel.load(TinyLlava.spec().optMmproj(TinyLlava.model()).build()).close());
        assertTrue(e.getMessage().contains("not an mmproj"), e.getMessage());
    }


    private Path patchedModel(String name, Consumer<ByteBuffer> patch) throws IOException {
        byte[] bytes = Files.readAllBytes(TinyLlava.model());
        patch.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        Path file = tmp.resolve(name + ".gguf");
        Files.write(file, bytes);
        return file;
    }

    /** The refusal comes from the Java reader (its message names a byte offset) and the JVM still loads models. */
    private static void assertRefusedByJavaReader(VlmSpec spec, Path bad) {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> VisionLanguageModel.load(spec).close());
        assertTrue(e.getMessage().contains(bad.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains("malformed GGUF at byte"), "refused by the Java reader: " + e.getMessage());
        try (VisionLanguageModel intact = VisionLanguageModel.load(TinyLlava.spec().build())) {
            assertTrue(intact.supportsImages(), "the intact pair still loads in this JVM");
        }
    }
}
