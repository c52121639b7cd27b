package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * llama-server, built by {@code native/build.sh --server} from the project's pinned llama.cpp, serving the tiny
 * LLaVA fixture on 127.0.0.1 with the llava_v0 jinja template (the one eibench picks for the fixture) and an API key.
 */
final class LlamaServer implements AutoCloseable {
    static final String BINARY = "native/build/current-server/bin/llama-server";
    /** The id /v1/models lists (--alias), whose name gives llava_v0 as the file name does for the embedded run. */
    static final String MODEL_ID = "tiny-llava-f16";

    final int port;
    private final Process process;

    private LlamaServer(int port, Process process) {
        this.port = port;
        this.process = process;
    }

    /** The binary, found from the working directory upward; a missing one fails the test with how to build it. */
    static Path binary() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(BINARY);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(BINARY + " is missing (searched from " + Path.of("").toAbsolutePath() + " upward): build it with"
                + " native/build.sh --server (./run-tests does it before the tests)");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts a server on {@code port} and waits until /health answers 200. */
    static LlamaServer start(int port, String apiKey, Path log) throws IOException, InterruptedException {
        Path fixture = RunCommandTest.repo("data", "fixtures", "tiny-llava");
        List<String> cmd = new ArrayList<>(List.of(binary().toString(),
                "-m", fixture.resolve("tiny-llava-f16.gguf").toString(),
                "--mmproj", fixture.resolve("mmproj-tiny-llava-f16.gguf").toString(), "--alias", MODEL_ID,
                "--host", "127.0.0.1", "--port", Integer.toString(port), "-np", "2", "-c", "2048", "-t", "1",
                "-ngl", "0", "-fa", "off",
                "--chat-template-file", RunCommandTest.repo("data", "chat-templates", "llava_v0.jinja").toString()));
        if (apiKey != null) {
            cmd.addAll(List.of("--api-key", apiKey));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        LlamaServer server = new LlamaServer(port, p);
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) {
                fail("llama-server exited with " + p.exitValue() + " before serving; its log:\n"
                        + Files.readString(log));
            }
            try {
                var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return server;
                }
            } catch (IOException notYet) {
                // still loading
            }
            Thread.sleep(200);
        }
        server.close();
        return fail("llama-server did not become healthy within 60 s; its log:\n" + Files.readString(log));
    }

    String url() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    /** SIGKILL: the server vanishes mid-request, as a crashed or preempted one does. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
            kill9();
        }
    }
}
