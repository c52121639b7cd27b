package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.GgufLoadRules;
import org.eibench.kernels.gguf.GgufTestFiles;
import org.eibench.kernels.gguf.HostileGgufCorpus;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 11 item 2: each file of the hostile corpus made llama.cpp or libmtmd abort the JVM (exit 134); now each is
 * refused with a message naming the file, the key or tensor at fault and the fix, and this JVM (the surefire JVM: an
 * abort would end the run) goes on to load the intact pair.
 */
class HostileGgufTest {
    @TempDir
    static Path corpus;
    private static LlamaModel model;

    @BeforeAll
    static void loadIntactModel() {
        model = LlamaModel.load(TinyFixture.model(), LlamaModel.Params.defaults().withGpuLayers(0));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    static List<HostileGgufCorpus.Case> cases() {
        return HostileGgufCorpus.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD) // a check that loops on a hostile count fails here instead of hanging CI
    void eachHostileFileIsAClearErrorAndTheJvmLives(HostileGgufCorpus.Case c) throws Exception {
        Path file = HostileGgufCorpus.write(c, TinyFixture.dir(), corpus);
        assertFalse((c.mmproj() ? GgufLoadRules.forMmproj(GgufFile.read(file))
                : GgufLoadRules.forModel(GgufFile.read(file))).isEmpty(), "the rules see the fault of " + c);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class, () -> {
            if (c.mmproj()) {
                MtmdContext.load(file, model, new MtmdContext.Params(false, 1, false)).close();
            } else {
                LlamaModel.load(file, LlamaModel.Params.defaults().withGpuLayers(0)).close();
            }
        });
        assertTrue(e.getMessage().contains(file.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(c.fault()), "names " + c.fault() + ": " + e.getMessage());
        assertTrue(e.getMessage().contains("convert") || e.getMessage().contains("use the mmproj"),
                "says the fix: " + e.getMessage());
        try (MtmdContext intact = MtmdContext.load(TinyFixture.mmproj(), model, new MtmdContext.Params(false, 1, false))) {
            assertTrue(intact.supportsVision(), "the intact pair still loads in this JVM");
        }
    }

    @Test
    void anMmprojGivenAsTheModelIsNamedAProjectorThatBelongsToMmproj() {
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(TinyFixture.mmproj(), LlamaModel.Params.defaults().withGpuLayers(0)));
        assertTrue(e.getMessage().contains("projector (mmproj) file") && e.getMessage().contains("--mmproj"),
                e.getMessage());
        assertFalse(e.getMessage().contains("is it a text model"), e.getMessage());
    }

    /** Offset 2^64-64 read as a signed long was printed as -64. */
    @Test
    void aHugeTensorOffsetIsPrintedUnsigned(@TempDir Path tmp) throws Exception {
        GgufFile header = GgufFile.read(TinyFixture.model());
        byte[] bytes = Files.readAllBytes(TinyFixture.model());
        // the first tensor info ends with its 8-byte offset (0) right before the second tensor's name length
        String first = header.tensors().get(0).name();
        int nameAt = GgufTestFiles.indexOf(bytes, first.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        int offsetAt = nameAt + first.length() + 4 + 8 * header.tensors().get(0).dims().length + 4;
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(0, b.getLong(offsetAt));
        b.putLong(offsetAt, -64);
        Path file = Files.write(tmp.resolve("offset.gguf"), bytes);
        InvalidModelFileException e = assertThrows(InvalidModelFileException.class,
                () -> LlamaModel.load(file, LlamaModel.Params.defaults().withGpuLayers(0)));
        // the temp folder's random name may itself contain "-64", so the path is left out of the check
        String withoutPath = e.getMessage().replace(file.toString(), "<file>");
        assertTrue(withoutPath.contains("18446744073709551552") && !withoutPath.contains("-64"), e.getMessage());
    }
}
