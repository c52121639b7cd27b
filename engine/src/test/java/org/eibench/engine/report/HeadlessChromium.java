package org.eibench.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A real headless Chromium driven over the DevTools protocol (JDK WebSocket): open a page, evaluate script in it,
 * send key presses, take screenshots. Listens on 127.0.0.1 only, with a throw-away profile.
 */
final class HeadlessChromium implements AutoCloseable {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private WebSocket socket;
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
    private String session;

    private HeadlessChromium(Process process) {
        this.process = process;
    }

    static HeadlessChromium launch(Path profileParent, int width, int height) throws IOException {
        Path profile = Files.createTempDirectory(profileParent, "chromium-profile");
        Process p = new ProcessBuilder(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--window-size=" + width + "," + height, "--user-data-dir=" + profile,
                "about:blank").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String url = null;
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (String line; url == null && System.nanoTime() < deadline && (line = err.readLine()) != null; ) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                url = line.substring(at).trim();
            }
        }
        if (url == null) {
            p.destroyForcibly();
            throw new IOException("chromium printed no DevTools address within 60 s");
        }
        Thread.ofVirtual().start(() -> drain(err)); // a full stderr pipe would stall chromium
        HeadlessChromium chromium = new HeadlessChromium(p);
        try {
            chromium.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(url), chromium.listener()).join();
            String target = chromium.send("Target.createTarget", Map.of("url", "about:blank")).get("targetId")
                    .asText();
            chromium.session = chromium.send("Target.attachToTarget", Map.of("targetId", target, "flatten", true))
                    .get("sessionId").asText();
            return chromium;
        } catch (RuntimeException e) {
            chromium.close(); // a failed connection leaves no browser running
            throw e;
        }
    }

    private static void drain(BufferedReader err) {
        try {
            while (err.readLine() != null) {
                // discarded
            }
        } catch (IOException e) {
            // chromium exited
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    deliver(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }
        };
    }

    private void deliver(String message) {
        try {
            JsonNode m = JSON.readTree(message);
            if (m.has("id")) {
                CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
                if (f != null) {
                    f.complete(m);
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("unreadable DevTools message: " + message, e);
        }
    }

    /** Sends a DevTools command (to the page once attached) and returns its result. */
    JsonNode send(String method, Map<String, ?> params) {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", JSON.valueToTree(params));
        if (session != null) {
            message.put("sessionId", session);
        }
        CompletableFuture<JsonNode> reply = new CompletableFuture<>();
        pending.put(id, reply);
        socket.sendText(message.toString(), true).join();
        JsonNode m = reply.orTimeout(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
        if (m.has("error")) {
            throw new IllegalStateException(method + " failed: " + m.get("error"));
        }
        return m.get("result");
    }

    /** Opens {@code url} and waits until {@code ready} (a script expression) is true; returns the wall time. */
    Duration open(String url, String ready) throws InterruptedException {
        long start = System.nanoTime();
        send("Page.navigate", Map.of("url", url));
        waitFor(() -> evaluate("document.readyState === 'complete' && (" + ready + ")").asBoolean(), url);
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Evaluates a script expression in the page and returns its value. */
    JsonNode evaluate(String expression) {
        JsonNode result = send("Runtime.evaluate", Map.of("expression", expression, "returnByValue", true,
                "awaitPromise", true));
        if (result.has("exceptionDetails")) {
            throw new IllegalStateException("script failed: " + expression + ": " + result.get("exceptionDetails"));
        }
        return result.path("result").path("value");
    }

    /** Presses and releases a key in the page, as a user would. */
    void press(String key, String code, int keyCode) {
        for (String type : List.of("keyDown", "keyUp")) {
            send("Input.dispatchKeyEvent", Map.of("type", type, "key", key, "code", code, "windowsVirtualKeyCode",
                    keyCode, "text", type.equals("keyDown") && key.length() == 1 ? key : ""));
        }
    }

    /** A PNG of the visible page. */
    byte[] screenshot() {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png")).get("data").asText());
    }

    /** A PNG of a region of the page, in CSS pixels from the document's top left corner. */
    byte[] screenshot(double x, double y, double width, double height) {
        return Base64.getDecoder().decode(send("Page.captureScreenshot", Map.of("format", "png",
                "captureBeyondViewport", true, "clip",
                Map.of("x", x, "y", y, "width", width, "height", height, "scale", 1))).get("data").asText());
    }

    void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not ready within " + COMMAND_TIMEOUT.toSeconds() + " s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
