package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BOOLEAN;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.eibench.kernels.gguf.GgufFile;

/**
 * A multimodal projector loaded for one text model ({@code mtmd_context} from {@code mtmd_init_from_file}): turns
 * images into embedding chunks the text model can decode.
 *
 * <p>Ownership (mtmd.h): freed with {@code mtmd_free}; it keeps a pointer to its text model, so the model closes it
 * first when the model is closed. Thread-safety (mtmd.h): {@code mtmd_tokenize} and the bitmap helpers are
 * thread-safe; encoding and the eval/decode helpers are not (one thread per context).
 *
 * <p>Checks done before native code runs: the mmproj is a valid GGUF whose vision hyper-parameters and projector
 * shapes libmtmd accepts, its output width ({@link org.eibench.kernels.gguf.ProjectorFit}) equals the text model's
 * embedding length, and a new pair is loaded in a child JVM first ({@link LoadProbe}); images are recognised image
 * files ({@link ImageBytes}); the number of media markers equals the number of images. libmtmd repeats the width
 * check itself and returns NULL on a mismatch, which becomes the same {@link InvalidModelFileException}.
 */
public final class MtmdContext extends NativeHandle {
    /**
     * Settings over {@code mtmd_context_params_default()}.
     *
     * @param useGpu run the vision encoder on the GPU when the build has one
     * @param threads encoder threads (0 = libmtmd default)
     * @param warmup run one encode at load (costs time, makes the first image's timing honest)
     */
    public record Params(boolean useGpu, int threads, boolean warmup) {
        public static Params defaults() {
            return new Params(true, 0, false);
        }
    }

    /** {@code mtmd_batch_add_chunk}: the batch is full, or the model encodes one image per call. */
    private static final int BATCH_FULL = 2;
    /** {@code mtmd_batch_add_chunk}: the chunk cannot share a batch with the chunks already in it. */
    private static final int BATCH_INCOMPATIBLE = 3;

    private final LlamaModel model;
    private final Path file;
    private final GgufFile gguf;
    private final String marker;
    /** The reused buffers of {@link #decodeImages} (the decode thread only; freed with this context). */
    private JointBatch jointBatch;

    private MtmdContext(MemorySegment pointer, LlamaModel model, Path file, GgufFile gguf, String marker) {
        super(pointer, "mtmd context " + file);
        this.model = model;
        this.file = file;
        this.gguf = gguf;
        this.marker = marker;
    }

    /**
     * Loads an mmproj GGUF for a text model.
     *
     * @throws InvalidModelFileException when the file is missing or damaged, or does not fit the text model
     */
    public static MtmdContext load(Path mmproj, LlamaModel model, Params params) {
        MemorySegment modelPointer = model.pointer();
        GgufFile gguf = ModelFileGuard.mmproj(mmproj, model);
        LoadProbe.require(model.file(), mmproj);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment p = MtmdNative.mtmd_context_params_default(arena);
            p.set(JAVA_BOOLEAN, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "use_gpu"), params.useGpu());
            p.set(JAVA_BOOLEAN, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "print_timings"), false);
            p.set(JAVA_BOOLEAN, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "warmup"), params.warmup());
            if (params.threads() > 0) {
                p.set(JAVA_INT, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS, "n_threads"), params.threads());
            }
            MemorySegment markerPointer = p.get(Layouts.C_POINTER, Layouts.offset(Layouts.MTMD_CONTEXT_PARAMS,
                    "media_marker"));
            String marker = markerPointer.reinterpret(Long.MAX_VALUE).getString(0);
            NativeLog.clearErrors();
            MemorySegment context = MtmdNative.mtmd_init_from_file(
                    arena.allocateFrom(mmproj.toAbsolutePath().toString()), modelPointer, p);
            if (context.equals(MemorySegment.NULL)) {
                throw new InvalidModelFileException("libmtmd could not load mmproj " + mmproj + " for model "
                        + model.file() + NativeLog.nativeReason());
            }
            MtmdContext created = new MtmdContext(context, model, mmproj, gguf, marker);
            model.register(created);
            return created;
        }
    }

    public LlamaModel model() {
        return model;
    }

    public Path file() {
        return file;
    }

    /** The mmproj's GGUF header, read and checked before loading. */
    public GgufFile gguf() {
        return gguf;
    }

    /** The text that {@link #tokenize} replaces by an image ({@code <__media__>} by default). */
    public String mediaMarker() {
        pointer();
        return marker;
    }

    /** Whether the projector takes images. */
    public boolean supportsVision() {
        return MtmdNative.mtmd_support_vision(pointer());
    }

    /**
     * Decodes an image file ({@code mtmd_helper_bitmap_init_from_file}) after {@link ImageBytes#checkFile}.
     *
     * @throws IllegalArgumentException when the file is not a readable supported image, or stb cannot decode it
     */
    public MtmdBitmap bitmapFromFile(Path image) {
        ImageBytes.checkFile(image);
        MemorySegment context = pointer();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment opt = MtmdNative.mtmd_helper_init_opt_default(arena);
            NativeLog.clearErrors();
            MemorySegment wrapper = MtmdNative.mtmd_helper_bitmap_init_from_file(arena, context,
                    arena.allocateFrom(image.toAbsolutePath().toString()), false, opt);
            return bitmapOf(wrapper, image.toString());
        }
    }

    /**
     * Decodes encoded image bytes ({@code mtmd_helper_bitmap_init_from_buf}) after {@link ImageBytes#check}.
     *
     * @param label names the image in messages
     * @throws IllegalArgumentException when the bytes are not a supported image, or stb cannot decode them
     */
    public MtmdBitmap bitmapFromBytes(byte[] encoded, String label) {
        ImageBytes.check(encoded, label);
        MemorySegment context = pointer();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buffer = arena.allocate(encoded.length);
            MemorySegment.copy(encoded, 0, buffer, JAVA_BYTE, 0, encoded.length);
            MemorySegment opt = MtmdNative.mtmd_helper_init_opt_default(arena);
            NativeLog.clearErrors();
            MemorySegment wrapper = MtmdNative.mtmd_helper_bitmap_init_from_buf(arena, context, buffer,
                    encoded.length, false, opt);
            return bitmapOf(wrapper, label);
        }
    }

    private static MtmdBitmap bitmapOf(MemorySegment wrapper, String source) {
        MemorySegment bitmap = wrapper.get(Layouts.C_POINTER, 0);
        MemorySegment video = wrapper.get(Layouts.C_POINTER, 8);
        if (!video.equals(MemorySegment.NULL)) {
            MtmdNative.mtmd_helper_video_free(video); // never requested; an image must not open a video stream
        }
        if (bitmap.equals(MemorySegment.NULL)) {
            // our libmtmd is built without MTMD_VIDEO: no ffprobe/ffmpeg fallback runs on bytes stb cannot decode
            throw new IllegalArgumentException(source + " is not a decodable image (stb_image could not decode it)"
                    + NativeLog.nativeReason());
        }
        return new MtmdBitmap(bitmap, source);
    }

    /**
     * Tokenizes a prompt in which each media marker stands for one of {@code images}, in order ({@code mtmd_tokenize}).
     *
     * @param addSpecial add BOS when the model wants it
     * @param parseSpecial recognise control tokens written as text
     * @throws IllegalArgumentException when the marker count differs from the image count or preprocessing fails
     */
    public MtmdInputChunks tokenize(String prompt, List<MtmdBitmap> images, boolean addSpecial, boolean parseSpecial) {
        MemorySegment context = pointer();
        int markers = countMarkers(prompt, marker);
        if (markers != images.size()) {
            throw new IllegalArgumentException("prompt has " + markers + " media marker(s) " + marker + " but "
                    + images.size() + " image(s) were given");
        }
        if (!images.isEmpty() && !supportsVision()) {
            throw new IllegalArgumentException("mmproj " + file + " does not take images");
        }
        byte[] bytes = prompt.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment text = arena.allocate(Layouts.MTMD_INPUT_TEXT);
            MemorySegment textBytes = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, textBytes, JAVA_BYTE, 0, bytes.length);
            text.set(Layouts.C_POINTER, Layouts.offset(Layouts.MTMD_INPUT_TEXT, "text"), textBytes);
            text.set(JAVA_LONG, Layouts.offset(Layouts.MTMD_INPUT_TEXT, "text_len"), bytes.length);
            text.set(JAVA_BOOLEAN, Layouts.offset(Layouts.MTMD_INPUT_TEXT, "add_special"), addSpecial);
            text.set(JAVA_BOOLEAN, Layouts.offset(Layouts.MTMD_INPUT_TEXT, "parse_special"), parseSpecial);
            MemorySegment bitmaps = arena.allocate(Layouts.C_POINTER, Math.max(1, images.size()));
            for (int i = 0; i < images.size(); i++) {
                bitmaps.setAtIndex(Layouts.C_POINTER, i, images.get(i).pointer());
            }
            MemorySegment chunks = MtmdNative.mtmd_input_chunks_init();
            NativeLog.clearErrors();
            int result = MtmdNative.mtmd_tokenize(context, chunks, text, bitmaps, images.size());
            if (result != 0) {
                MtmdNative.mtmd_input_chunks_free(chunks);
                throw new IllegalArgumentException(switch (result) {
                    case 1 -> "mtmd_tokenize: number of images does not match the media markers";
                    case 2 -> "mtmd_tokenize: image preprocessing failed";
                    default -> "mtmd_tokenize failed with code " + result;
                } + NativeLog.nativeReason());
            }
            return new MtmdInputChunks(chunks);
        }
    }

    static int countMarkers(String prompt, String marker) {
        int count = 0;
        for (int at = prompt.indexOf(marker); at >= 0; at = prompt.indexOf(marker, at + marker.length())) {
            count++;
        }
        return count;
    }

    /**
     * Runs the vision encoder on an image chunk ({@code mtmd_encode_chunk}) and copies the output embeddings.
     *
     * @throws LlamaException when encoding fails
     */
    public ImageEmbedding encode(MtmdInputChunk chunk) {
        MemorySegment context = pointer();
        if (chunk.type() == MtmdInputChunk.Type.TEXT) {
            throw new IllegalArgumentException("cannot encode a TEXT chunk");
        }
        NativeLog.clearErrors();
        int result = MtmdNative.mtmd_encode_chunk(context, chunk.pointer());
        if (result != 0) {
            throw new LlamaException("mtmd_encode_chunk failed (" + result + ") for image " + chunk.id()
                    + NativeLog.nativeReason());
        }
        MemorySegment output = MtmdNative.mtmd_get_output_embd(context);
        if (output.equals(MemorySegment.NULL)) {
            throw new LlamaException("mtmd_get_output_embd returned no embeddings for image " + chunk.id());
        }
        return ImageEmbedding.copyOf(output, chunk.tokenCount(), model.inputEmbeddingSize());
    }

    /**
     * Image encodings of several chunks and how many vision-encoder calls produced them.
     *
     * @param embeddings one per chunk, in order
     * @param encoderCalls {@code mtmd_batch_encode} calls: fewer than the chunks only for models whose vision graph
     *     takes several images at once
     */
    public record Encodings(List<ImageEmbedding> embeddings, int encoderCalls) {
        public Encodings {
            embeddings = List.copyOf(embeddings);
        }
    }

    /**
     * Encodes image chunks, as many per vision-encoder call as the model allows ({@code mtmd_batch_*}): libmtmd adds a
     * chunk to a batch until the batch is full or the model's graph cannot batch (LLaVA, Qwen-VL, Gemma 3 and Pixtral
     * take one image per call; gemma4v, InternVL and DeepSeek-OCR several), then the batch is encoded and the next
     * one started.
     *
     * @throws IllegalArgumentException for a text chunk
     * @throws LlamaException when libmtmd rejects a chunk or an encode fails (no encoding is returned then)
     */
    public Encodings encodeAll(List<MtmdInputChunk> chunks) {
        MemorySegment context = pointer();
        for (MtmdInputChunk chunk : chunks) {
            if (chunk.type() == MtmdInputChunk.Type.TEXT) {
                throw new IllegalArgumentException("cannot encode a TEXT chunk");
            }
        }
        List<ImageEmbedding> embeddings = new ArrayList<>(chunks.size());
        int calls = 0;
        int next = 0;
        while (next < chunks.size()) {
            NativeLog.clearErrors();
            MemorySegment batch = MtmdNative.mtmd_batch_init(context);
            if (batch.equals(MemorySegment.NULL)) {
                throw new LlamaException("mtmd_batch_init failed" + NativeLog.nativeReason());
            }
            try {
                int first = next;
                while (next < chunks.size()) {
                    int added = MtmdNative.mtmd_batch_add_chunk(batch, chunks.get(next).pointer());
                    if (added == 0) {
                        next++;
                    } else if ((added == BATCH_FULL || added == BATCH_INCOMPATIBLE) && next > first) {
                        break; // encode what the batch holds; this chunk starts the next one
                    } else {
                        throw new LlamaException("mtmd_batch_add_chunk failed (" + added + ") for image "
                                + chunks.get(next).id() + NativeLog.nativeReason());
                    }
                }
                if (MtmdNative.mtmd_batch_encode(batch) != 0) {
                    throw new LlamaException("mtmd_batch_encode failed for " + (next - first) + " image(s) starting"
                            + " with " + chunks.get(first).id() + NativeLog.nativeReason());
                }
                calls++;
                for (int i = first; i < next; i++) {
                    MemorySegment output = MtmdNative.mtmd_batch_get_output_embd(batch, chunks.get(i).pointer());
                    if (output.equals(MemorySegment.NULL)) {
                        throw new LlamaException("mtmd_batch_get_output_embd returned no embeddings for image "
                                + chunks.get(i).id());
                    }
                    embeddings.add(ImageEmbedding.copyOf(output, chunks.get(i).tokenCount(),
                            model.inputEmbeddingSize()));
                }
            } finally {
                MtmdNative.mtmd_batch_free(batch);
            }
        }
        return new Encodings(embeddings, calls);
    }

    /**
     * Decodes an already-encoded image into one sequence at {@code position}
     * ({@code mtmd_helper_decode_image_chunk}): the way to reuse one encoding in several sequences.
     *
     * @param batchSize most embeddings per {@code llama_decode} call (at most the context's n_batch)
     * @return the position after the image
     * @throws DecodeException when {@code llama_decode} fails
     */
    public int decodeImage(LlamaContext context, MtmdInputChunk chunk, ImageEmbedding embedding, int position,
            int sequence, int batchSize) {
        MemorySegment mtmd = pointer();
        MemorySegment llama = context.pointer();
        requireImageChunk(chunk, embedding, context, sequence, position, batchSize);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(JAVA_INT);
            NativeLog.clearErrors();
            int result = MtmdNative.mtmd_helper_decode_image_chunk(mtmd, llama, chunk.pointer(), embedding.segment(),
                    position, sequence, batchSize, next, MemorySegment.NULL, MemorySegment.NULL);
            if (result != 0) {
                throw new DecodeException(DecodeStatus.of(result), result, "decoding image " + chunk.id()
                        + " into sequence " + sequence + " at position " + position + NativeLog.nativeReason());
            }
            return next.get(JAVA_INT, 0);
        }
    }

    /** One already-encoded image for {@link #decodeImages}: decoded into {@code sequence} from {@code position}. */
    public record ImagePlacement(MtmdInputChunk chunk, ImageEmbedding embedding, int sequence, int position) {
    }

    /**
     * Whether {@link #decodeImages} can take this chunk: with ordinary positions (no M-RoPE) and causal attention,
     * an image's embeddings are plain batch entries, as {@code mtmd_helper_decode_image_chunk} writes them.
     */
    public boolean canDecodeJointly(MtmdInputChunk chunk) {
        MemorySegment mtmd = pointer();
        return chunk.type() == MtmdInputChunk.Type.IMAGE && !MtmdNative.mtmd_decode_use_mrope(mtmd)
                && !MtmdNative.mtmd_decode_use_non_causal(mtmd, chunk.pointer());
    }

    /**
     * Fewest embeddings of one sequence in a shared micro-batch. Measured on the tiny LLaVA (CPU, llamafile off): an
     * image cut into slices of 64 or more positions per micro-batch gives the logits of one call per image bit for bit
     * (576 = 512 + 64, 4 x 128 + 64, 9 x 64, 3 x 170 + 66, ...), while any slice below 64 changes their last bits, so
     * greedy answers would depend on the number of parallel sequences.
     */
    public static final int MIN_JOINT_SLICE = 64;

    /**
     * Whether images of these sizes can share calls in micro-batches of {@code microBatch} embeddings: every slice of
     * {@link #decodeImages}'s plan has at least {@link #MIN_JOINT_SLICE} positions.
     */
    public static boolean slicesJointly(int[] tokenCounts, int microBatch) {
        return slicePlan(tokenCounts, microBatch) != null;
    }

    /** The micro-batch a shared image call may fill in {@code context}: one call is one micro-batch. */
    public static int sharedMicroBatch(LlamaContext context) {
        return Math.min(context.batchSize(), context.microBatchSize());
    }

    /**
     * The positions each unfinished image gives each call, in call order: equal for all of them (so that a call is one
     * micro-batch), as many as fit, at most what the shortest unfinished image has left; null when there are fewer
     * than two images or a slice would be below {@link #MIN_JOINT_SLICE}.
     */
    private static int[] slicePlan(int[] tokenCounts, int microBatch) {
        if (tokenCounts.length < 2) {
            return null;
        }
        int[] remaining = tokenCounts.clone();
        int[] plan = new int[0];
        for (int active = remaining.length; active > 0; ) {
            int slice = microBatch / active;
            for (int r : remaining) {
                if (r > 0) {
                    slice = Math.min(slice, r);
                }
            }
            if (slice < MIN_JOINT_SLICE) {
                return null;
            }
            plan = Arrays.copyOf(plan, plan.length + 1);
            plan[plan.length - 1] = slice;
            active = 0;
            for (int i = 0; i < remaining.length; i++) {
                if (remaining[i] > 0) {
                    remaining[i] -= slice;
                    active += remaining[i] > 0 ? 1 : 0;
                }
            }
        }
        return plan;
    }

    /**
     * Decodes already-encoded images into several sequences with shared {@code llama_decode} calls, each entry written
     * as {@code mtmd_helper_decode_image_chunk} writes it (same positions, no outputs).
     *
     * <p>Why: one image per call leaves a short last micro-batch per image (576 = 512 + 64), and each micro-batch of
     * a sequence attends to all the KV cells written so far, padded to 256; images of several sequences in shared calls
     * take fewer, full micro-batches (four LLaVA images: five instead of eight), in slices that attend to fewer cells.
     * Each call is one micro-batch: the same number of positions from every unfinished image, in order of sequence id
     * (llama.cpp's {@code split_equal} takes equal slices of consecutive sequence ids), at least
     * {@link #MIN_JOINT_SLICE} per image ({@link #slicesJointly}).
     *
     * @return per placement, in the order given, the position after its image
     * @throws IllegalArgumentException for images that cannot share calls: fewer than two, two for one sequence, M-RoPE
     *     or non-causal ones ({@link #canDecodeJointly}), or slices below {@link #MIN_JOINT_SLICE}
     * @throws DecodeException when a {@code llama_decode} fails; the sequences then hold none of these images (cells
     *     written by the calls before are removed), so each can be retried alone
     */
    public int[] decodeImages(LlamaContext context, List<ImagePlacement> images) {
        MemorySegment llama = context.pointer();
        int microBatch = sharedMicroBatch(context);
        boolean[] seen = new boolean[context.maxSequences()];
        int[] tokenCounts = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            ImagePlacement image = images.get(i);
            requireImageChunk(image.chunk(), image.embedding(), context, image.sequence(), image.position(), 1);
            if (!canDecodeJointly(image.chunk())) {
                throw new IllegalArgumentException("image " + image.chunk().id() + " needs M-RoPE positions or"
                        + " non-causal attention; decode it alone with decodeImage");
            }
            if (seen[image.sequence()]) {
                throw new IllegalArgumentException("two images for sequence " + image.sequence() + " in one call");
            }
            seen[image.sequence()] = true;
            tokenCounts[i] = image.chunk().tokenCount();
        }
        int[] plan = slicePlan(tokenCounts, microBatch);
        if (plan == null) {
            throw new IllegalArgumentException(images.size() + " images of " + Arrays.toString(tokenCounts)
                    + " positions cannot share micro-batches of " + microBatch + " in slices of at least "
                    + MIN_JOINT_SLICE + "; decode them alone with decodeImage");
        }
        List<ImagePlacement> bySequence = new ArrayList<>(images);
        bySequence.sort((a, b) -> Integer.compare(a.sequence(), b.sequence()));
        int[] remaining = bySequence.stream().mapToInt(image -> image.chunk().tokenCount()).toArray();
        if (jointBatch == null || jointBatch.capacity < microBatch) {
            if (jointBatch != null) {
                jointBatch.arena.close();
            }
            jointBatch = new JointBatch(microBatch, model.inputEmbeddingSize());
        }
        JointBatch batch = jointBatch;
        for (int slice : plan) {
            batch.clear();
            for (int i = 0; i < remaining.length; i++) {
                if (remaining[i] > 0) {
                    ImagePlacement image = bySequence.get(i);
                    batch.add(image, image.chunk().tokenCount() - remaining[i], slice);
                    remaining[i] -= slice;
                }
            }
            NativeLog.clearErrors();
            int result = LlamaNative.llama_decode(llama, batch.struct);
            if (result != 0) {
                for (ImagePlacement image : bySequence) {
                    context.seqRemove(image.sequence(), image.position(), -1);
                }
                throw new DecodeException(DecodeStatus.of(result), result, "decoding " + bySequence.size()
                        + " images together into sequences " + bySequence.stream().map(p -> p.sequence())
                        .toList() + NativeLog.nativeReason());
            }
        }
        int[] next = new int[images.size()];
        for (int i = 0; i < images.size(); i++) {
            next[i] = images.get(i).position() + images.get(i).chunk().tokenCount();
        }
        return next;
    }

    /** A {@code struct llama_batch} of embeddings in its own arena, filled by {@link #decodeImages}. */
    private static final class JointBatch {
        final Arena arena = Arena.ofShared();
        final int capacity;
        final MemorySegment struct;
        final MemorySegment embeddings;
        final MemorySegment positions;
        final MemorySegment seqCounts;
        final MemorySegment seqIdPointers;
        final MemorySegment seqIds;
        final int width;
        int size;

        JointBatch(int capacity, int width) {
            this.capacity = capacity;
            this.width = width;
            struct = arena.allocate(Layouts.LLAMA_BATCH);
            embeddings = arena.allocate(4L * capacity * width, 64);
            positions = arena.allocate(JAVA_INT, capacity);
            seqCounts = arena.allocate(JAVA_INT, capacity);
            seqIdPointers = arena.allocate(Layouts.C_POINTER, capacity + 1L);
            seqIds = arena.allocate(JAVA_INT, capacity);
            MemorySegment logits = arena.allocate(JAVA_BYTE, capacity); // zeroed: no outputs, as the mtmd helper
            for (int i = 0; i < capacity; i++) {
                seqIdPointers.setAtIndex(Layouts.C_POINTER, i, seqIds.asSlice(4L * i, 4));
            }
            set("token", MemorySegment.NULL);
            set("embd", embeddings);
            set("pos", positions);
            set("n_seq_id", seqCounts);
            set("seq_id", seqIdPointers);
            set("logits", logits);
        }

        private void set(String field, MemorySegment value) {
            struct.set(Layouts.C_POINTER, Layouts.offset(Layouts.LLAMA_BATCH, field), value);
        }

        void clear() {
            size = 0;
            struct.set(JAVA_INT, 0, 0);
        }

        /** Appends {@code count} embeddings of {@code image} from its {@code first} one. */
        void add(ImagePlacement image, int first, int count) {
            long rowBytes = 4L * width;
            MemorySegment.copy(image.embedding().segment(), first * rowBytes, embeddings, size * rowBytes,
                    count * rowBytes);
            for (int i = 0; i < count; i++) {
                positions.setAtIndex(JAVA_INT, size + i, image.position() + first + i);
                seqCounts.setAtIndex(JAVA_INT, size + i, 1);
                seqIds.setAtIndex(JAVA_INT, size + i, image.sequence());
            }
            size += count;
            struct.set(JAVA_INT, 0, size);
        }
    }

    private void requireImageChunk(MtmdInputChunk chunk, ImageEmbedding embedding, LlamaContext context,
            int sequence, int position, int batchSize) {
        if (chunk.type() == MtmdInputChunk.Type.TEXT) {
            throw new IllegalArgumentException("not an image chunk");
        }
        if (context.model() != model) {
            throw new IllegalArgumentException("context belongs to a different model than this mmproj");
        }
        if (embedding.tokens() != chunk.tokenCount() || embedding.width() != model.inputEmbeddingSize()) {
            throw new IllegalArgumentException("embedding of " + embedding.tokens() + "x" + embedding.width()
                    + " does not fit a chunk of " + chunk.tokenCount() + " tokens for a model of width "
                    + model.inputEmbeddingSize());
        }
        if (sequence < 0 || sequence >= context.maxSequences()) {
            throw new IllegalArgumentException("sequence id " + sequence + " is outside [0, "
                    + context.maxSequences() + ")");
        }
        if (position != context.seqPosMax(sequence) + 1) {
            throw new IllegalArgumentException("image for sequence " + sequence + " would start at position "
                    + position + " but its KV cache ends at " + context.seqPosMax(sequence));
        }
        if (batchSize <= 0 || batchSize > context.batchSize()) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be in 1.." + context.batchSize());
        }
    }

    /**
     * Encodes and decodes all chunks into one sequence ({@code mtmd_helper_eval_chunks}), the reference path of
     * {@code llama-mtmd-cli}.
     *
     * @param logitsLast request logits for the last prompt token
     * @return the position after the prompt
     */
    public int evalChunks(LlamaContext context, MtmdInputChunks chunks, int position, int sequence, int batchSize,
            boolean logitsLast) {
        MemorySegment mtmd = pointer();
        MemorySegment llama = context.pointer();
        if (sequence < 0 || sequence >= context.maxSequences()) {
            throw new IllegalArgumentException("sequence id " + sequence + " is outside [0, "
                    + context.maxSequences() + ")");
        }
        if (batchSize <= 0 || batchSize > context.batchSize()) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be in 1.." + context.batchSize());
        }
        if (position != context.seqPosMax(sequence) + 1) {
            throw new IllegalArgumentException("prompt for sequence " + sequence + " would start at position "
                    + position + " but its KV cache ends at " + context.seqPosMax(sequence));
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment next = arena.allocate(JAVA_INT);
            next.set(JAVA_INT, 0, position);
            NativeLog.clearErrors();
            int result = MtmdNative.mtmd_helper_eval_chunks(mtmd, llama, chunks.pointer(), position, sequence,
                    batchSize, logitsLast, next);
            if (result != 0) {
                throw new DecodeException(DecodeStatus.of(result), result, "evaluating prompt chunks in sequence "
                        + sequence + NativeLog.nativeReason());
            }
            return next.get(JAVA_INT, 0);
        }
    }

    @Override
    public void close() {
        model.unregister(this);
        super.close();
    }

    @Override
    void free(MemorySegment pointer) {
        if (jointBatch != null) {
            jointBatch.arena.close();
        }
        MtmdNative.mtmd_free(pointer);
    }
}
