package org.eibench.kernels.llama;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One owned native pointer. {@link #close()} frees it exactly once; any use after that throws
 * {@link IllegalStateException} naming the handle, instead of passing a dangling pointer to C.
 */
abstract class NativeHandle implements AutoCloseable {
    private final AtomicReference<MemorySegment> pointer;
    private final String description;

    NativeHandle(MemorySegment pointer, String description) {
        if (pointer == null || pointer.equals(MemorySegment.NULL)) {
            throw new IllegalArgumentException("null native pointer for " + description);
        }
        this.pointer = new AtomicReference<>(pointer);
        this.description = description;
    }

    /** The live pointer. */
    final MemorySegment pointer() {
        MemorySegment p = pointer.get();
        if (p == null) {
            throw new IllegalStateException(description + " is closed");
        }
        return p;
    }

    /** Whether {@link #close()} has run (or ownership moved elsewhere). */
    public final boolean isClosed() {
        return pointer.get() == null;
    }

    /** Gives up the pointer without freeing it (ownership moved to another native object). */
    final MemorySegment release() {
        MemorySegment p = pointer.getAndSet(null);
        if (p == null) {
            throw new IllegalStateException(description + " is closed");
        }
        return p;
    }

    /** Frees the native object; a second call does nothing. */
    @Override
    public void close() {
        MemorySegment p = pointer.getAndSet(null);
        if (p != null) {
            free(p);
        }
    }

    /** Calls the C destructor. */
    abstract void free(MemorySegment pointer);

    @Override
    public String toString() {
        return description + (isClosed() ? " (closed)" : "");
    }
}
