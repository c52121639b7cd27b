package org.eibench.models.vlm;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One sequence id of a {@link BatchGenerator}: its {@link SlotState}, the request it runs and where it is. */
final class Slot {
    final int seq;
    /** {@code {seq}}, the sequence ids of each token this slot adds to a batch (no array per token). */
    final int[] seqIds;
    SlotState state = SlotState.IDLE;
    PendingRequest pending;
    /** The request's prompt while active; once idle, what its KV cells still hold (up to {@code retained}). */
    PromptPrefix prefix = PromptPrefix.EMPTY;
    int retained;
    /**
     * Once idle, the group of the request whose prompt the retained cells hold, and whether that request was the last
     * of its group to show its images ({@link GenerationRequest#imagesDone}); null and false when nothing is retained.
     */
    String retainedGroup;
    boolean retainedImagesDone;
    long lastUsed = -1;
    /** The admitted request's prompt; the slot owns it and closes it on release. */
    PreparedPrompt prompt;
    /** The prompt part to decode next, and how many of its tokens are decoded. */
    int partIndex;
    /** The step at which the image at {@link #partIndex} was held back to share calls with another slot's; -1: not. */
    long imageHeldAt = -1;
    int offset;
    /** Prompt tokens placed in the batch being decoded. */
    int planned;
    /** KV positions this sequence holds. */
    int position;
    int promptPositions;
    final List<Integer> tokens = new ArrayList<>();
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    /**
     * The generated text so far, kept up to date per token by {@link #appendPiece} (what {@link #text()} returns), so
     * that a stop-string check does not decode the whole answer again at every token.
     */
    final StringBuilder generatedText = new StringBuilder();
    /** Chars of {@link #generatedText} that later bytes cannot change (their bytes end with an ASCII byte). */
    private int stableChars;
    /** The bytes after those: decoded again with each piece, as they may end inside a character. */
    private final ByteArrayOutputStream unstableBytes = new ByteArrayOutputStream();
    /** {@link #stableChars} before the last {@link #appendPiece}: text before it was searched already. */
    private int searchedChars;
    int lastToken;
    int outputIndex = -1;
    long admittedNanos;
    long firstTokenNanos;
    long admissionOrder;
    /** While {@link SlotState#WAITING}: the leader, its request then, and the positions it is to decode. */
    Slot leader;
    PendingRequest leaderRequest;
    int awaitedPositions;

    Slot(int seq) {
        this.seq = seq;
        this.seqIds = new int[] {seq};
    }

    boolean free() {
        return state == SlotState.IDLE;
    }

    boolean waiting() {
        return state == SlotState.WAITING;
    }

    /** A request that is prefilling or generating (not waiting for a leader's prefix). */
    boolean decoding() {
        return state == SlotState.PREFILL || state == SlotState.GENERATE;
    }

    boolean generating() {
        return state == SlotState.GENERATE;
    }

    /** Whether the next prompt part to decode is an image (decoded alone, not in the token batch). */
    boolean nextPartIsImage() {
        return state == SlotState.PREFILL && partIndex < prompt.parts().size()
                && prompt.parts().get(partIndex) instanceof PreparedPrompt.Image;
    }

    /** Whether the next prompt part is text that an image follows, with at most {@code tokens} tokens left of it. */
    boolean reachesImageWithin(int tokens) {
        return nextPartIsText() && partIndex + 1 < prompt.parts().size()
                && prompt.parts().get(partIndex + 1) instanceof PreparedPrompt.Image
                && ((PromptPrefix.Text) prompt.parts().get(partIndex)).tokens().length - offset <= tokens;
    }

    /** Whether the next prompt part to decode is text (decoded in the shared token batch). */
    boolean nextPartIsText() {
        return state == SlotState.PREFILL && partIndex < prompt.parts().size()
                && prompt.parts().get(partIndex) instanceof PromptPrefix.Text;
    }

    /** Takes a request: it waits for {@code leader}'s cells when given, else prefills. */
    void admit(PendingRequest request, PreparedPrompt preparedPrompt, long order, Slot awaitedLeader,
            int awaited) {
        pending = request;
        imageHeldAt = -1;
        admittedNanos = System.nanoTime();
        admissionOrder = order;
        prompt = preparedPrompt;
        prefix = preparedPrompt.prefix();
        retained = 0;
        promptPositions = preparedPrompt.positions();
        position = 0;
        if (awaitedLeader != null) {
            state = SlotState.WAITING;
            leader = awaitedLeader;
            leaderRequest = awaitedLeader.pending;
            awaitedPositions = awaited;
        } else {
            state = SlotState.PREFILL;
        }
    }

    /** Prefills from {@code positions} on, its first {@code positions} KV positions being in place. */
    void prefillFrom(int positions) {
        state = SlotState.PREFILL;
        leader = null;
        leaderRequest = null;
        awaitedPositions = 0;
        position = positions;
        int remaining = positions;
        partIndex = 0;
        while (remaining > 0 && remaining >= prompt.parts().get(partIndex).positions()) {
            remaining -= prompt.parts().get(partIndex).positions();
            partIndex++;
        }
        offset = remaining;
    }

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /**
     * Appends a token's bytes and re-decodes only the bytes after the last ASCII byte: UTF-8 decoding restarts at an
     * ASCII byte, so the text up to there equals that prefix of {@link #text()}, and only a tail that may still be an
     * incomplete character is decoded again.
     */
    void appendPiece(byte[] piece) {
        bytes.writeBytes(piece);
        unstableBytes.writeBytes(piece);
        generatedText.setLength(stableChars);
        generatedText.append(unstableBytes.toString(StandardCharsets.UTF_8));
        searchedChars = stableChars;
        if (piece.length > 0 && piece[piece.length - 1] >= 0) {
            stableChars = generatedText.length();
            unstableBytes.reset();
        }
    }

    /**
     * Where {@code stop} first occurs in {@link #generatedText}, or -1. Only an occurrence that reaches past the text
     * searched before the last {@link #appendPiece} can be new (an earlier one would have stopped the slot then).
     */
    int findStop(String stop) {
        return generatedText.indexOf(stop, Math.max(0, searchedChars - stop.length() + 1));
    }

    /**
     * Back to {@link SlotState#IDLE}; its KV cells hold the prompt prefix for later requests unless {@code cleared}
     * (its generated tokens are cells too, but not a reusable prefix: admission removes them).
     */
    void release(boolean cleared) {
        if (cleared) {
            prefix = PromptPrefix.EMPTY;
            retained = 0;
            retainedGroup = null;
            retainedImagesDone = false;
        } else {
            retained = promptPositions;
            retainedGroup = pending == null ? null : pending.request().group();
            retainedImagesDone = pending != null && pending.request().imagesDone();
        }
        if (prompt != null) {
            prompt.close();
        }
        state = SlotState.IDLE;
        pending = null;
        leader = null;
        leaderRequest = null;
        awaitedPositions = 0;
        prompt = null;
        partIndex = 0;
        offset = 0;
        planned = 0;
        position = 0;
        outputIndex = -1;
        tokens.clear();
        bytes.reset();
        generatedText.setLength(0);
        unstableBytes.reset();
        stableChars = 0;
        searchedChars = 0;
    }
}
