package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The vocabulary of a {@link LlamaModel} ({@code struct llama_vocab}).
 *
 * <p>Ownership (llama.h): the vocabulary belongs to its model and is never freed on its own; every method checks that
 * the model is still open. Thread-safety (llama.h): "The API is thread-safe" for tokenization.
 */
public final class LlamaVocab {
    private final LlamaModel model;
    private final MemorySegment vocab;
    private final int size;
    /**
     * Every token's piece without {@code special}, read once at load: a generation loop asks for one per token, and
     * a first-use downcall per token id cost ~30 µs each on the 32,000-token mid-size model (docs/performance.md).
     */
    private final byte[][] pieces;
    /** {@link #tokenToPiece} results with {@code special}, asked on first use (rarely needed). */
    private final AtomicReferenceArray<byte[]> specialPieces;

    LlamaVocab(LlamaModel model, MemorySegment vocab) {
        this.model = model;
        this.vocab = vocab;
        this.size = LlamaNative.llama_vocab_n_tokens(vocab);
        this.pieces = readAllPieces(vocab, Math.max(0, size));
        this.specialPieces = new AtomicReferenceArray<>(Math.max(0, size));
    }

    /** All pieces, read in one arena for the whole vocabulary. */
    private static byte[][] readAllPieces(MemorySegment vocab, int size) {
        byte[][] all = new byte[size][];
        try (Arena arena = Arena.ofConfined()) {
            for (int token = 0; token < size; token++) {
                all[token] = readPiece(arena, vocab, token, false);
            }
        }
        return all;
    }

    private static byte[] readPiece(Arena arena, MemorySegment vocab, int token, boolean special) {
        return SizedBuffer.fill(arena, JAVA_BYTE, 32, SizedBuffer.Convention.NEGATIVE_NEEDED, 0,
                "llama_token_to_piece",
                (buf, cap) -> LlamaNative.llama_token_to_piece(vocab, token, buf, cap, 0, special)).toArray(JAVA_BYTE);
    }

    private MemorySegment live() {
        model.pointer();
        return vocab;
    }

    MemorySegment pointer() {
        return live();
    }

    /** Number of tokens; valid ids are {@code [0, size())}. */
    public int size() {
        live();
        return size;
    }

    /** Beginning-of-sentence token, or -1. */
    public int bos() {
        return LlamaNative.llama_vocab_bos(live());
    }

    /** Whether a token ends generation (EOS, EOT, or another end-of-generation token of the model). */
    public boolean isEndOfGeneration(int token) {
        requireValid(token);
        return LlamaNative.llama_vocab_is_eog(live(), token);
    }

    /** Whether a token is a control token (rendered as empty text unless asked). */
    public boolean isControl(int token) {
        requireValid(token);
        return LlamaNative.llama_vocab_is_control(live(), token);
    }

    /**
     * Checks a token id before it reaches native code.
     *
     * @throws IllegalArgumentException when the id is outside {@code [0, size())}
     */
    public void requireValid(int token) {
        if (token < 0 || token >= size()) {
            throw new IllegalArgumentException("token id " + token + " is outside this model's vocabulary [0, "
                    + size + ")");
        }
    }

    /**
     * Tokenizes text ({@code llama_tokenize}).
     *
     * @param addSpecial add BOS (and EOS) when the model is configured to
     * @param parseSpecial recognise control tokens written as text, e.g. {@code </s>}
     */
    public int[] tokenize(String text, boolean addSpecial, boolean parseSpecial) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment textSegment = arena.allocate(bytes.length + 1L);
            MemorySegment.copy(bytes, 0, textSegment, JAVA_BYTE, 0, bytes.length);
            MemorySegment tokens = SizedBuffer.fill(arena, JAVA_INT, bytes.length + 2,
                    SizedBuffer.Convention.NEGATIVE_NEEDED, 0, "llama_tokenize",
                    (buf, cap) -> LlamaNative.llama_tokenize(live(), textSegment, bytes.length, buf, cap, addSpecial,
                            parseSpecial));
            return tokens.toArray(JAVA_INT);
        }
    }

    /**
     * The bytes of one token ({@code llama_token_to_piece}); a piece can be part of a UTF-8 character, so callers
     * that stream text should concatenate bytes before decoding.
     *
     * <p>Pieces are read from llama.cpp once: all of them at load, those with {@code special} on first use.
     *
     * @param special render control tokens as their text
     * @return a fresh array the caller may keep or change
     */
    public byte[] tokenToPiece(int token, boolean special) {
        requireValid(token);
        if (!special) {
            return pieces[token].clone();
        }
        byte[] piece = specialPieces.get(token);
        if (piece == null) {
            piece = nativePiece(token, true);
            specialPieces.set(token, piece);
        }
        return piece.clone();
    }

    private byte[] nativePiece(int token, boolean special) {
        try (Arena arena = Arena.ofConfined()) {
            return readPiece(arena, live(), token, special);
        }
    }

    /**
     * Turns tokens back into text ({@code llama_detokenize}); invalid UTF-8 becomes U+FFFD.
     *
     * @param removeSpecial drop a leading BOS / trailing EOS when the model adds them
     * @param unparseSpecial render control tokens as their text
     */
    public String detokenize(int[] tokens, boolean removeSpecial, boolean unparseSpecial) {
        if (tokens.length == 0) {
            return "";
        }
        for (int token : tokens) {
            requireValid(token);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ids = arena.allocateFrom(JAVA_INT, tokens);
            MemorySegment text = SizedBuffer.fill(arena, JAVA_BYTE, tokens.length * 8 + 16,
                    SizedBuffer.Convention.NEGATIVE_NEEDED, 0, "llama_detokenize",
                    (buf, cap) -> LlamaNative.llama_detokenize(live(), ids, tokens.length, buf, cap, removeSpecial,
                            unparseSpecial));
            return LlamaModel.utf8(text);
        }
    }
}
