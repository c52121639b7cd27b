package org.eibench.kernels.llama;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * Loads a model (and an mmproj) in a child JVM before this JVM does: a fault that no Java rule knows makes llama.cpp
 * abort the child (GGML_ASSERT), and the parent reports it with the child's last stderr lines instead of dying.
 * The child runs {@link #main}: load, one decode and, for an mmproj, one image encode, then exit 0.
 *
 * <p>Switch: system property {@value #MODE_PROPERTY} = {@code on} (default) or {@code off}. Results are cached by
 * each file's path, size and modification time in {@value #CACHE_PROPERTY} (default
 * {@code $XDG_CACHE_HOME/eibench/load-probe}, else {@code ~/.cache/eibench/load-probe}), so a file is probed once.
 */
public final class LoadProbe {
    /** {@code on} (default) or {@code off}. */
    public static final String MODE_PROPERTY = "eibench.load.probe";
    /** The folder of cached probe results. */
    public static final String CACHE_PROPERTY = "eibench.load.probe.cache";
    /** Seconds the child may take (default 600). */
    public static final String TIMEOUT_PROPERTY = "eibench.load.probe.timeout";
    private static final int TAIL_LINES = 12;
    private static final String OK = "ok";

    private LoadProbe() {
    }

    /** Whether loads in this JVM are probed first. */
    public static boolean enabled() {
        String mode = System.getProperty(MODE_PROPERTY, "on");
        return switch (mode) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new IllegalArgumentException("-D" + MODE_PROPERTY + " must be on or off, got '" + mode + "'");
        };
    }

    /**
     * Probes {@code model} (and {@code mmproj}, when not null) unless disabled or already probed.
     *
     * @throws InvalidModelFileException when the child failed, with its exit status and last stderr lines
     */
    static void require(Path model, Path mmproj) {
        if (!enabled()) {
            return;
        }
        Path entry = cacheDir().resolve(key(model, mmproj));
        String cached = readCached(entry);
        if (cached == null) {
            cached = runChild(model, mmproj);
            writeCached(entry, cached);
        }
        if (!cached.equals(OK)) {
            String what = mmproj == null ? "model file " + model : "mmproj file " + mmproj + " (with model " + model + ")";
            throw new InvalidModelFileException(what + " passed the Java checks but llama.cpp failed on it in a probe"
                    + " process (" + cached + "); the file is damaged or not supported by this llama.cpp build: get"
                    + " or convert it again. (The probe runs each new file once in a child JVM; -D" + MODE_PROPERTY
                    + "=off skips it at the risk of an abort.)");
        }
    }

    /** The number of probe processes this JVM started, for tests. */
    static int childrenStarted() {
        return CHILDREN.get();
    }

    private static final java.util.concurrent.atomic.AtomicInteger CHILDREN = new java.util.concurrent.atomic.AtomicInteger();

    private static String runChild(Path model, Path mmproj) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.add("--enable-native-access=ALL-UNNAMED");
        command.add("-Xss8m");
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            String name = p.getKey().toString();
            if (name.startsWith("eibench.") && !name.startsWith(MODE_PROPERTY) || name.equals("java.library.path")) {
                command.add("-D" + name + "=" + p.getValue());
            }
        }
        command.add("-D" + MODE_PROPERTY + "=off");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(LoadProbe.class.getName());
        command.add(model.toAbsolutePath().toString());
        if (mmproj != null) {
            command.add(mmproj.toAbsolutePath().toString());
        }
        CHILDREN.incrementAndGet();
        try {
            Path log = Files.createTempFile("eibench-load-probe-", ".log");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(log.toFile());
                // ggml's gdb backtrace would fill the tail; the GGML_ASSERT line is what names the fault
                builder.environment().put("GGML_NO_BACKTRACE", "1");
                Process child = builder.start();
                long timeout = Long.getLong(TIMEOUT_PROPERTY, 600);
                if (!child.waitFor(timeout, TimeUnit.SECONDS)) {
                    child.destroyForcibly().waitFor();
                    return "no result within " + timeout + " s (-D" + TIMEOUT_PROPERTY + ")";
                }
                int status = child.exitValue();
                return status == 0 ? OK : "exit status " + status + (status == 134 ? ", an abort" : "")
                        + "; its last output: " + tail(log);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the load probe for " + model + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlamaException("interrupted while probing " + model);
        }
    }

    private static String tail(Path log) throws IOException {
        ArrayDeque<String> last = new ArrayDeque<>();
        for (String line : new String(Files.readAllBytes(log), StandardCharsets.UTF_8).split("\n")) {
            // the child's own log lines (which libraries were loaded) say nothing about the file
            if (!line.isBlank() && !line.contains(" INFO ")) {
                last.addLast(line.strip());
                if (last.size() > TAIL_LINES) {
                    last.removeFirst();
                }
            }
        }
        return last.isEmpty() ? "(none)" : String.join(" | ", last);
    }

    private static Path cacheDir() {
        String configured = System.getProperty(CACHE_PROPERTY);
        if (configured != null) {
            return Path.of(configured);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("eibench").resolve("load-probe");
    }

    /** The files' identity: absolute path, size and modification time of each. */
    static String key(Path model, Path mmproj) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : mmproj == null ? List.of(model) : List.of(model, mmproj)) {
                String id = file.toAbsolutePath().normalize() + "\0" + Files.size(file) + "\0"
                        + Files.getLastModifiedTime(file).toMillis() + "\0";
                sha.update(id.getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (IOException e) {
            throw new InvalidModelFileException("cannot read " + model + ": " + e, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readCached(Path entry) {
        try {
            return Files.isRegularFile(entry) ? Files.readString(entry).strip() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeCached(Path entry, String result) {
        try {
            Files.createDirectories(entry.getParent());
            Path tmp = Files.createTempFile(entry.getParent(), "probe-", ".tmp");
            Files.writeString(tmp, result);
            Files.move(tmp, entry, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a cache that cannot be written only costs the next run another probe
        }
    }

    /** The child: {@code LoadProbe MODEL [MMPROJ]}; exit 0 when load, one decode and one image encode succeed. */
    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: LoadProbe MODEL.gguf [MMPROJ.gguf]");
            System.exit(2);
        }
        System.setProperty(MODE_PROPERTY, "off");
        try (LlamaModel model = LlamaModel.load(Path.of(args[0]), LlamaModel.Params.defaults().withGpuLayers(0));
                LlamaContext context = LlamaContext.create(model, LlamaContext.Params.defaults()
                        .withContextSize(256).withBatchSize(64).withSequences(1).withThreads(1))) {
            try (LlamaBatch batch = context.newBatch(1, 1)) {
                batch.add(Math.max(0, model.vocab().bos()), 0, true, 0);
                context.decodeOrThrow(batch, "the probe's first token");
                context.logits(0);
            }
            if (args.length == 2) {
                try (MtmdContext mtmd = MtmdContext.load(Path.of(args[1]), model, new MtmdContext.Params(false, 1, false));
                        MtmdBitmap bitmap = mtmd.bitmapFromBytes(grayPng(), "probe image");
                        MtmdInputChunks chunks = mtmd.tokenize(mtmd.mediaMarker(), List.of(bitmap), false, false)) {
                    for (MtmdInputChunk chunk : chunks.chunks()) {
                        if (chunk.type() != MtmdInputChunk.Type.TEXT) {
                            mtmd.encode(chunk);
                        }
                    }
                }
            }
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
            System.exit(3);
        }
        System.exit(0);
    }

    private static byte[] grayPng() throws IOException {
        BufferedImage image = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
