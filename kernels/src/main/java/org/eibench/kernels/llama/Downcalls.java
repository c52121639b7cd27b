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
 * try/catch lives here, twice: for {@code int} results and for references, which the other return types adapt to.
 * The JIT inlines the helpers and the lambdas into the caller (no lambda is allocated: JMH's gc profiler shows the
 * same bytes per operation as the hand-written try/catch in DecodeBenchmark), so a call costs what it did.
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

    /** A downcall returning a pointer or a struct by value ({@code T} is {@link MemorySegment}), or a boxed size. */
    @FunctionalInterface
    interface ReferenceCall<T> {
        T invoke() throws Throwable;
    }

    /** The handle of {@code symbol} in the libraries {@link NativeLibraries#loaded()} found. */
    static MethodHandle downcall(String symbol, FunctionDescriptor descriptor) {
        return Linker.nativeLinker().downcallHandle(NativeLibraries.loaded().require(symbol), descriptor);
    }

    /** The one failure path for downcalls returning a Java {@code int}: the hot ones (decode, sample, piece). */
    static int callInt(String symbol, IntCall call) {
        try {
            return call.invoke();
        } catch (Throwable failure) {
            throw failed(symbol, failure);
        }
    }

    static void callVoid(String symbol, VoidCall call) {
        callInt(symbol, () -> {
            call.invoke();
            return 0;
        });
    }

    static boolean callBoolean(String symbol, BooleanCall call) {
        return callInt(symbol, () -> call.invoke() ? 1 : 0) != 0;
    }

    static MemorySegment callSegment(String symbol, ReferenceCall<MemorySegment> call) {
        return call(symbol, call);
    }

    /** Sizes and counts, none on a per-token path, so the boxing does not matter. */
    static long callLong(String symbol, LongCall call) {
        return call(symbol, call::invoke);
    }

    /** The one failure path for downcalls returning a reference (a pointer, a struct by value, a boxed size). */
    private static <T> T call(String symbol, ReferenceCall<T> call) {
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
