package org.eibench.kernels.llama;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and loads the llama.cpp shared libraries built by {@code native/build.sh}; never downloads anything.
 *
 * <p>Search order for the build folder (the one holding {@code lib/libllama.so} and {@code build-info.properties}):
 * <ol>
 *   <li>the system property {@code eibench.native.dir};</li>
 *   <li>the environment variable {@code EIBENCH_NATIVE_DIR};</li>
 *   <li>{@code <dir>/native/build/current}, for the working directory and each of its parents in turn.</li>
 * </ol>
 * The first candidate that holds {@code lib/libllama.so} wins. When none does, {@link #get()} throws an
 * {@link IllegalStateException} saying to run {@code native/build.sh}.
 *
 * <p>Libraries are loaded in dependency order ggml-base, ggml-cpu, ggml, (ggml-cuda when present), llama, mtmd
 * through {@link SymbolLookup#libraryLookup(Path, Arena)} into the global arena, so they stay loaded for the life
 * of the JVM. On first use the backend is initialised once ({@code llama_backend_init}, and
 * {@code ggml_backend_load_all_from_path} when the build uses dynamically loaded backends) and native logs are
 * routed to SLF4J (loggers {@code llama.cpp} and {@code mtmd}).
 */
public final class NativeLibraries {
    /** System property naming the native build folder. */
    public static final String DIR_PROPERTY = "eibench.native.dir";
    /** Environment variable naming the native build folder. */
    public static final String DIR_ENV = "EIBENCH_NATIVE_DIR";

    private static final Logger LOG = LoggerFactory.getLogger(NativeLibraries.class);
    /** Dependency order: each library's DT_NEEDED entries are already loaded when it is opened. */
    private static final List<String> LOAD_ORDER =
            List.of("ggml-base", "ggml-cpu", "ggml", "ggml-cuda", "llama", "mtmd");
    private static final List<String> REQUIRED = List.of("ggml-base", "ggml", "llama", "mtmd");

    private static volatile NativeLibraries loadedInstance;
    private static volatile boolean initialised;

    private final Path directory;
    private final Map<String, String> buildInfo;
    private final List<SymbolLookup> lookups;
    private final List<String> loaded;

    private NativeLibraries(Path directory, Map<String, String> buildInfo, List<SymbolLookup> lookups,
            List<String> loaded) {
        this.directory = directory;
        this.buildInfo = buildInfo;
        this.lookups = lookups;
        this.loaded = loaded;
    }

    /**
     * Loads the libraries and initialises the backend on first call (thread-safe) and returns the loaded set.
     *
     * @throws IllegalStateException when the libraries are not found (the message says how to build them)
     */
    public static NativeLibraries get() {
        NativeLibraries local = loaded();
        if (!initialised) {
            synchronized (NativeLibraries.class) {
                if (!initialised) {
                    local.initialiseBackend();
                    initialised = true;
                }
            }
        }
        return local;
    }

    /** Loads the libraries on first call without initialising the backend (used to resolve downcalls). */
    static NativeLibraries loaded() {
        NativeLibraries local = loadedInstance;
        if (local == null) {
            synchronized (NativeLibraries.class) {
                local = loadedInstance;
                if (local == null) {
                    local = load(locate());
                    loadedInstance = local;
                }
            }
        }
        return local;
    }

    /**
     * Returns the build folder the search order selects, without loading anything.
     *
     * @throws IllegalStateException when no candidate holds {@code lib/libllama.so}
     */
    public static Path locate() {
        List<Path> candidates = new ArrayList<>();
        String property = System.getProperty(DIR_PROPERTY);
        if (property != null && !property.isBlank()) {
            candidates.add(Path.of(property));
        }
        String env = System.getenv(DIR_ENV);
        if (env != null && !env.isBlank()) {
            candidates.add(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            candidates.add(dir.resolve("native/build/current"));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("lib").resolve(System.mapLibraryName("llama")))) {
                return candidate.toAbsolutePath().normalize();
            }
        }
        throw new IllegalStateException("llama.cpp native libraries not found (looked for lib/"
                + System.mapLibraryName("llama") + " in " + candidates + "). Build them with `native/build.sh`"
                + " in the repository, or point -D" + DIR_PROPERTY + " / " + DIR_ENV + " at a build folder.");
    }

    private static NativeLibraries load(Path directory) {
        Path lib = directory.resolve("lib");
        List<SymbolLookup> lookups = new ArrayList<>();
        List<String> loaded = new ArrayList<>();
        for (String name : LOAD_ORDER) {
            Path file = lib.resolve(System.mapLibraryName(name));
            if (!Files.isRegularFile(file)) {
                if (REQUIRED.contains(name)) {
                    throw new IllegalStateException("native build " + directory + " lacks " + file.getFileName()
                            + "; rebuild it with `native/build.sh`");
                }
                continue;
            }
            try {
                lookups.add(SymbolLookup.libraryLookup(file, Arena.global()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("cannot load " + file + ": " + e.getMessage()
                        + " (a missing system library such as libgomp.so.1? rebuild with `native/build.sh`)", e);
            }
            loaded.add(name);
        }
        Collections.reverse(lookups); // later libraries (llama, mtmd) first: they hold most symbols
        Map<String, String> info = readBuildInfo(directory.resolve("build-info.properties"));
        LOG.info("llama.cpp libraries {} from {} (commit {}, patch {}, variant {})", loaded, lib,
                info.getOrDefault("llama.commit", "?"), info.getOrDefault("patch.hash", "?"),
                info.getOrDefault("variant", "?"));
        return new NativeLibraries(directory, info, List.copyOf(lookups), List.copyOf(loaded));
    }

    private static Map<String, String> readBuildInfo(Path file) {
        Map<String, String> map = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return Collections.unmodifiableMap(map);
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
        properties.stringPropertyNames().forEach(key -> map.put(key, properties.getProperty(key)));
        return Collections.unmodifiableMap(map);
    }

    private void initialiseBackend() {
        NativeLog.install(this);
        if (!"off".equals(buildInfo.get("mtmd.video"))) {
            // native/build.sh v3 and later build with -DMTMD_VIDEO=OFF; an older or hand-made build may not
            LOG.warn("{}: this libmtmd may be built with video support, which hands an image stb_image cannot"
                    + " decode to ffprobe/ffmpeg found on PATH; rebuild with native/build.sh", directory);
        }
        if (!"off".equals(buildInfo.get("ggml.llamafile"))) {
            // native/build.sh v4 builds with -DGGML_LLAMAFILE=OFF (docs/reliability.md, issue 11 item 5)
            LOG.warn("{}: this ggml may use llamafile's sgemm, whose results depend on the batch a sequence shares,"
                    + " so greedy answers can change with --parallel; rebuild with native/build.sh", directory);
        }
        // With GGML_BACKEND_DL the CPU/CUDA backends are separate modules that must be registered by path;
        // a regular build links them into libggml and needs nothing.
        Optional<MemorySegment> loadAll = find("ggml_backend_load_all_from_path");
        if (loadAll.isPresent() && find("ggml_backend_cpu_reg").isEmpty()) {
            MethodHandle handle = Linker.nativeLinker().downcallHandle(loadAll.get(),
                    FunctionDescriptor.ofVoid(Layouts.C_POINTER));
            try (Arena arena = Arena.ofConfined()) {
                handle.invokeExact(arena.allocateFrom(directory.resolve("lib").toString()));
            } catch (Throwable t) {
                throw new IllegalStateException("ggml_backend_load_all_from_path failed", t);
            }
        }
        LlamaNative.llama_backend_init();
    }

    /** Finds a symbol in the loaded libraries. */
    Optional<MemorySegment> find(String symbol) {
        for (SymbolLookup lookup : lookups) {
            Optional<MemorySegment> found = lookup.find(symbol);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Finds a symbol that must exist in this build. */
    MemorySegment require(String symbol) {
        return find(symbol).orElseThrow(() -> new NoSuchElementException("symbol " + symbol
                + " not found in " + loaded + " at " + directory + "; is the build older than the pinned llama.cpp?"
                + " Rebuild with `native/build.sh`"));
    }

    /** The build folder that was loaded. */
    public Path directory() {
        return directory;
    }

    /** The libraries that were loaded, in load order (e.g. {@code [ggml-base, ggml-cpu, ggml, llama, mtmd]}). */
    public List<String> loadedLibraries() {
        return loaded;
    }

    /** Whether a CUDA backend library was found and loaded. */
    public boolean hasCuda() {
        return loaded.contains("ggml-cuda");
    }

    /**
     * The build's {@code build-info.properties} ({@code llama.commit}, {@code patch.hash}, {@code variant}, ...),
     * for run provenance; empty when the folder has none.
     */
    public Map<String, String> buildInfo() {
        return buildInfo;
    }

    /** The llama.cpp system line (instruction sets, backends) for reports. */
    public String systemInfo() {
        return LlamaNative.llama_print_system_info().reinterpret(Long.MAX_VALUE).getString(0);
    }
}
