package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

class DowncallsTest {
    @Test
    void aCheckedFailureIsWrappedWithTheFunctionName() {
        IOException cause = new IOException("boom");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Downcalls.callInt("llama_n_ctx", () -> {
                    throw cause;
                }));
        assertEquals("native call llama_n_ctx failed", e.getMessage());
        assertSame(cause, e.getCause());
    }

    @Test
    void uncheckedFailuresAndErrorsPassUnchanged() {
        IllegalArgumentException unchecked = new IllegalArgumentException("heap segment");
        assertSame(unchecked, assertThrows(IllegalArgumentException.class,
                () -> Downcalls.callSegment("llama_model_free", () -> {
                    throw unchecked;
                })));
        StackOverflowError error = new StackOverflowError();
        assertSame(error, assertThrows(StackOverflowError.class, () -> Downcalls.callVoid("llama_free", () -> {
            throw error;
        })));
    }

    @Test
    void eachReturnShapePassesItsValue() {
        assertEquals(7, Downcalls.callInt("i", () -> 7));
        assertEquals(1L << 40, Downcalls.callLong("l", () -> 1L << 40));
        assertEquals(true, Downcalls.callBoolean("b", () -> true));
        assertSame(MemorySegment.NULL, Downcalls.callSegment("p", () -> MemorySegment.NULL));
    }

    @Test
    void aRealDowncallOnAClosedArenaFailsBeforeReachingC() {
        MemorySegment freed;
        try (Arena arena = Arena.ofConfined()) {
            freed = arena.allocate(8);
        }
        MemorySegment closed = freed;
        assertThrows(IllegalStateException.class, () -> LlamaNative.llama_vocab_n_tokens(closed));
    }
}
