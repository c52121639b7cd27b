package org.eibench.models.openai;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small OpenAI-shaped server on 127.0.0.1 for fault tests: {@code /v1/models} lists {@code stub-model}, and each
 * {@code /v1/chat/completions} call is answered by the script's next step (the last one repeats).
 */
final class StubServer implements AutoCloseable {
    /** One way to answer a chat call. */
    @FunctionalInterface
    interface Step {
        void answer(HttpExchange exchange) throws IOException;
    }

    static final String MODEL = "stub-model";

    private final HttpServer server;
    private final List<Step> script;
    private final AtomicInteger calls = new AtomicInteger();
    final List<String> bodies = new CopyOnWriteArrayList<>();
    final List<String> authorizations = new CopyOnWriteArrayList<>();

    StubServer(Step... script) throws IOException {
        this.script = List.of(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/models", ex -> reply(ex, 200,
                "{\"object\":\"list\",\"data\":[{\"id\":\"" + MODEL + "\",\"object\":\"model\"}]}"));
        server.createContext("/v1/chat/completions", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            authorizations.add(String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            int n = calls.getAndIncrement();
            this.script.get(Math.min(n, this.script.size() - 1)).answer(ex);
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    int calls() {
        return calls.get();
    }

    static void reply(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** A well-formed reply with {@code text} and usage 11 prompt / 3 completion tokens. */
    static Step ok(String text) {
        return ex -> reply(ex, 200, "{\"id\":\"x\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":3,\"total_tokens\":14}}");
    }

    static Step status(int status, String retryAfter) {
        return ex -> {
            if (retryAfter != null) {
                ex.getResponseHeaders().set("Retry-After", retryAfter);
            }
            reply(ex, status, "{\"error\":{\"message\":\"busy\"}}");
        };
    }

    /** Closes the connection without a status line: the client sees it dropped mid-request. */
    static Step reset() {
        return HttpExchange::close;
    }

    static Step slow(long millis, Step then) {
        return ex -> {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            then.answer(ex);
        };
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
