package org.eibench.kernels.gguf;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The corpus of hostile GGUF files of issue 11: well-formed files, derived from the tiny LLaVA fixture, that passed
 * the reader but made llama.cpp or libmtmd abort the JVM (GGML_ASSERT). Each case rewrites the fixture's header
 * (metadata, tensor directory, alignment) and copies its tensor data, so only the named fault differs.
 *
 * <p>Also a script: {@code java -cp ... HostileGgufCorpus FIXTURE_DIR OUT_DIR} writes every case, for trying them on
 * the CLI ({@code eibench generate -m OUT_DIR/model-block-count-0.gguf ...}).
 */
public final class HostileGgufCorpus {
    /** One hostile file: its name, which fixture it derives from, the key or tensor at fault, and the edit. */
    public record Case(String name, boolean mmproj, String fault, Consumer<Rewrite> edit) {
        @Override
        public String toString() {
            return name;
        }
    }

    private HostileGgufCorpus() {
    }

    /** Every case of issue 11 item 2. */
    public static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        for (int alignment : new int[] {1, 2, 8, 16}) {
            cases.add(new Case("model-alignment-" + alignment, false, "general.alignment",
                    r -> r.alignment(alignment)));
        }
        for (long layers : new long[] {0, 1000}) {
            cases.add(new Case("model-block-count-" + layers, false, "llama.block_count",
                    r -> r.set("llama.block_count", GgufValueType.UINT32, layers)));
        }
        for (double eps : new double[] {Double.NaN, -1}) {
            cases.add(new Case("model-rms-epsilon-" + eps, false, "llama.attention.layer_norm_rms_epsilon",
                    r -> r.set("llama.attention.layer_norm_rms_epsilon", GgufValueType.FLOAT32, eps)));
        }
        cases.add(new Case("model-duplicate-token", false, "tokenizer.ggml.tokens", r -> {
            List<Object> tokens = new ArrayList<>(r.array("tokenizer.ggml.tokens").values());
            tokens.set(5, tokens.get(4));
            r.set("tokenizer.ggml.tokens", GgufValueType.ARRAY, new GgufArray(GgufValueType.STRING, tokens));
        }));
        for (long heads : new long[] {0, 3}) {
            cases.add(new Case("mmproj-head-count-" + heads, true, "clip.vision.attention.head_count",
                    r -> r.set("clip.vision.attention.head_count", GgufValueType.UINT32, heads)));
        }
        // found by fuzzing: the shape check looped over every declared block, 2^32-1 of them
        cases.add(new Case("mmproj-block-count-huge", true, "clip.vision.block_count",
                r -> r.set("clip.vision.block_count", GgufValueType.UINT32, 4294967295L)));
        cases.add(new Case("mmproj-image-smaller-than-patch", true, "clip.vision.image_size",
                r -> r.set("clip.vision.image_size", GgufValueType.UINT32, 10L)));
        cases.add(new Case("mmproj-epsilon-nan", true, "clip.vision.attention.layer_norm_epsilon",
                r -> r.set("clip.vision.attention.layer_norm_epsilon", GgufValueType.FLOAT32, Double.NaN)));
        cases.add(new Case("mmproj-transposed-mm0", true, "mm.0.weight", r -> r.transpose("mm.0.weight")));
        return cases;
    }

    /** Writes a case next to {@code outDir}, derived from the fixture file in {@code fixtureDir}. */
    public static Path write(Case c, Path fixtureDir, Path outDir) throws IOException, MalformedGgufException {
        Path source = fixtureDir.resolve(c.mmproj() ? "mmproj-tiny-llava-f16.gguf" : "tiny-llava-f16.gguf");
        Rewrite rewrite = new Rewrite(GgufFile.read(source));
        c.edit().accept(rewrite);
        Path target = outDir.resolve(c.name() + ".gguf");
        rewrite.writeTo(target);
        return target;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: HostileGgufCorpus FIXTURE_DIR OUT_DIR");
            System.exit(2);
        }
        Files.createDirectories(Path.of(args[1]));
        for (Case c : cases()) {
            System.out.println(write(c, Path.of(args[0]), Path.of(args[1])) + "  (" + c.fault() + ")");
        }
    }

    /** A GGUF file written again from a parsed header, with edits; tensor data are copied from the source. */
    public static final class Rewrite {
        private final GgufFile source;
        private final Map<String, Object[]> metadata = new LinkedHashMap<>();
        private final List<GgufTensorInfo> tensors;
        private long alignment;

        Rewrite(GgufFile source) {
            this.source = source;
            source.metadata().forEach((k, v) -> metadata.put(k, new Object[] {source.type(k).orElseThrow(), v}));
            this.tensors = new ArrayList<>(source.tensors());
            this.alignment = source.alignment();
        }

        public Rewrite set(String key, GgufValueType type, Object value) {
            metadata.put(key, new Object[] {type, value});
            return this;
        }

        public GgufArray array(String key) {
            return (GgufArray) metadata.get(key)[1];
        }

        /** Lays the data out with this alignment and says so in {@code general.alignment}. */
        public Rewrite alignment(long bytes) {
            this.alignment = bytes;
            return set(GgufFile.KEY_ALIGNMENT, GgufValueType.UINT32, bytes);
        }

        /** Swaps a matrix's two dimensions (same bytes, wrong shape). */
        public Rewrite transpose(String tensor) {
            for (int i = 0; i < tensors.size(); i++) {
                GgufTensorInfo t = tensors.get(i);
                if (t.name().equals(tensor)) {
                    tensors.set(i, new GgufTensorInfo(t.name(), new long[] {t.dim(1), t.dim(0)}, t.type(), t.offset(),
                            t.byteSize()));
                }
            }
            return this;
        }

        void writeTo(Path target) throws IOException {
            GgufTestWriter.Buf b = new GgufTestWriter.Buf();
            b.u32(GgufReader.MAGIC);
            b.u32(3);
            b.i64(tensors.size());
            b.i64(metadata.size());
            metadata.forEach((k, tv) -> {
                b.string(k);
                b.u32(((GgufValueType) tv[0]).id());
                b.value((GgufValueType) tv[0], tv[1]);
            });
            long offset = 0;
            for (GgufTensorInfo t : tensors) {
                b.string(t.name());
                b.u32(t.dims().length);
                for (long d : t.dims()) {
                    b.i64(d);
                }
                b.u32(t.type().id());
                b.i64(offset);
                offset = pad(offset + t.byteSize());
            }
            b.zeros(pad(b.size()) - b.size());
            try (OutputStream out = Files.newOutputStream(target);
                    FileChannel in = FileChannel.open(source.path(), StandardOpenOption.READ)) {
                out.write(b.bytes());
                for (GgufTensorInfo t : tensors) {
                    ByteBuffer data = ByteBuffer.allocate((int) t.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
                    while (data.hasRemaining()) {
                        if (in.read(data, source.dataOffset() + t.offset() + data.position()) < 0) {
                            throw new IOException(source.path() + " ends inside tensor " + t.name());
                        }
                    }
                    out.write(data.array());
                    out.write(new byte[(int) (pad(t.byteSize()) - t.byteSize())]);
                }
            }
        }

        private long pad(long v) {
            return (v + alignment - 1) / alignment * alignment;
        }
    }
}
