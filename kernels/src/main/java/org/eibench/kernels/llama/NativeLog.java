package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.eibench.kernels.llama.Layouts.C_POINTER;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes the {@code ggml_log_callback} of llama.cpp ({@code llama_log_set}) and libmtmd ({@code mtmd_helper_log_set})
 * into SLF4J loggers {@code llama.cpp} and {@code mtmd}.
 *
 * <p>Level mapping: ERROR→error, WARN→warn, INFO→debug (llama.cpp prints dozens of INFO lines per model load, the
 * equivalent of its own verbose mode), DEBUG→trace, CONT continues the previous line's level. Text arrives in pieces;
 * a line is logged when its newline arrives. The last error lines of the calling thread are kept so wrapper classes
 * can put the native reason into their exceptions.
 */
final class NativeLog {
    private static final Logger LLAMA = LoggerFactory.getLogger("llama.cpp");
    private static final Logger MTMD = LoggerFactory.getLogger("mtmd");
    private static final int LEVEL_DEBUG = 1;
    private static final int LEVEL_INFO = 2;
    private static final int LEVEL_WARN = 3;
    private static final int LEVEL_ERROR = 4;
    private static final int LEVEL_CONT = 5;
    private static final int KEPT_ERRORS = 8;

    /** Per thread: the line being assembled, its level, and the recent error lines. */
    private static final ThreadLocal<LineState> STATE = ThreadLocal.withInitial(LineState::new);

    private NativeLog() {
    }

    private static final class LineState {
        final StringBuilder line = new StringBuilder();
        int level = LEVEL_INFO;
        final Deque<String> errors = new ArrayDeque<>();
    }

    static void install(NativeLibraries libraries) {
        try {
            var type = MethodType.methodType(void.class, int.class, MemorySegment.class, MemorySegment.class);
            var descriptor = FunctionDescriptor.ofVoid(JAVA_INT, C_POINTER, C_POINTER);
            MemorySegment llamaStub = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(NativeLog.class, "onLlamaLog", type), descriptor, Arena.global());
            MemorySegment mtmdStub = Linker.nativeLinker().upcallStub(
                    MethodHandles.lookup().findStatic(NativeLog.class, "onMtmdLog", type), descriptor, Arena.global());
            LlamaNative.llama_log_set(llamaStub, MemorySegment.NULL);
            MtmdNative.mtmd_helper_log_set(mtmdStub, MemorySegment.NULL);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create the native log callback", e);
        }
    }

    @SuppressWarnings("unused") // called from native code
    private static void onLlamaLog(int level, MemorySegment text, MemorySegment userData) {
        onLog(LLAMA, level, text);
    }

    @SuppressWarnings("unused") // called from native code
    private static void onMtmdLog(int level, MemorySegment text, MemorySegment userData) {
        onLog(MTMD, level, text);
    }

    /** Never throws: an exception escaping an upcall would end the JVM. */
    private static void onLog(Logger logger, int level, MemorySegment text) {
        try {
            if (text.equals(MemorySegment.NULL)) {
                return;
            }
            String piece = text.reinterpret(Long.MAX_VALUE).getString(0);
            LineState state = STATE.get();
            if (level != LEVEL_CONT) {
                if (!state.line.isEmpty()) {
                    emit(logger, state); // a new message without a newline before it
                }
                state.level = level;
            }
            state.line.append(piece);
            int newline;
            while ((newline = state.line.indexOf("\n")) >= 0) {
                String line = state.line.substring(0, newline);
                state.line.delete(0, newline + 1);
                emitLine(logger, state, line);
            }
        } catch (Throwable ignored) {
            // logging must not take the process down
        }
    }

    private static void emit(Logger logger, LineState state) {
        String line = state.line.toString();
        state.line.setLength(0);
        emitLine(logger, state, line);
    }

    private static void emitLine(Logger logger, LineState state, String line) {
        if (line.isBlank()) {
            return;
        }
        switch (state.level) {
            case LEVEL_ERROR -> {
                logger.error(line);
                if (state.errors.size() == KEPT_ERRORS) {
                    state.errors.removeFirst();
                }
                state.errors.addLast(line.strip());
            }
            case LEVEL_WARN -> logger.warn(line);
            case LEVEL_INFO -> logger.debug(line);
            case LEVEL_DEBUG -> logger.trace(line);
            default -> logger.info(line);
        }
    }

    /** Forgets this thread's recent native error lines; call before a native call whose failure you will report. */
    static void clearErrors() {
        STATE.get().errors.clear();
    }

    /** This thread's native error lines since {@link #clearErrors()}, joined with "; " (empty if none). */
    static String recentErrors() {
        List<String> lines = List.copyOf(STATE.get().errors);
        return String.join("; ", lines);
    }

    /** " (llama.cpp said: ...)" when native code logged errors since {@link #clearErrors()}, else "". */
    static String nativeReason() {
        String errors = recentErrors();
        return errors.isEmpty() ? "" : " (llama.cpp said: " + errors + ")";
    }
}
