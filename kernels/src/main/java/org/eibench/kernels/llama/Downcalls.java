package org.eibench.kernels.llama;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * What every downcall of {@link LlamaNative} and {@link MtmdNative} shares: linking a symbol of the loaded
 * libraries, and turning the {@code Throwable} that {@code invokeExact} declares into an unchecked exception that
 * names the C function.
 *
 * <p>Each binding keeps its own {@code static final} handle and calls {@code invokeExact} with the exact type inside
 * a lambda, for example {@code callInt("llama_n_ctx", () -> (int) H.llama_n_ctx.invokeExact(ctx))}; only the
 * try/catch lives here, once per return type. The JIT inlines the helper and the lambda into the caller (the lambda
 * is not allocated), so the call costs what the hand-written try/catch did (DecodeBenchmark, docs/performance.md).
 */
final class Downcalls {
    private Downcalls() {
    }

    /** A downcall returning nothing. */
    @FunctionalInterface
    interface VoidCall {
        void invoke() throws Throwable;
    }

    /** A downcall returning a C {@code int}, {@code int32_t}, enum or token. */
    @FunctionalInterface
    interface IntCall {
        int invoke() throws Throwable;
    }

    /** A downcall returning a C {@code int64_t}, {@code uint64_t} or {@code size_t}. */
    @FunctionalInterface
    interface LongCall {
        long invoke() throws Throwable;
    }

    /** A downcall returning a C {@code bool}. */
    @FunctionalInterface
    interface BooleanCall {
        boolean invoke() throws Throwable;
    }

    /** A downcall returning a pointer or a struct by value. */
    @FunctionalInterface
    interface SegmentCall {
        MemorySegment invoke() throws Throwable;
    }

    /** The handle of {@code symbol} in the libraries {@link NativeLibraries#loaded()} found. */
    static MethodHandle link(String symbol, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(NativeLibraries.loaded().require(symbol), descriptor);
    }

    static void callVoid(String symbol, VoidCall call) {
        try {
            call.invoke();
        } catch (Throwable failure) {
            throw failed(symbol, failure);
        }
    }

    static int callInt(String symbol, IntCall call) {
        try {
            return call.invoke();
        } catch (Throwable failure) {
            throw failed(symbol, failure);
        }
    }

    static long callLong(String symbol, LongCall call) {
        try {
            return call.invoke();
        } catch (Throwable failure) {
            throw failed(symbol, failure);
        }
    }

    static boolean callBoolean(String symbol, BooleanCall call) {
        try {
            return call.invoke();
        } catch (Throwable failure) {
            throw failed(symbol, failure);
        }
    }

    static MemorySegment callSegment(String symbol, SegmentCall call) {
        try {
            return call.invoke();
        } catch (Throwable failure) {
            throw failed(symbol, failure);
        }
    }

    /**
     * The exception to throw for a failed downcall: unchecked exceptions (a closed arena, a heap segment) and errors
     * pass unchanged; a checked one, which a downcall handle does not declare, is wrapped with the C function's name.
     */
    static RuntimeException failed(String symbol, Throwable failure) {
        if (failure instanceof RuntimeException unchecked) {
            return unchecked;
        }
        if (failure instanceof Error error) {
            throw error;
        }
        return new IllegalStateException("native call " + symbol + " failed", failure);
    }
}
