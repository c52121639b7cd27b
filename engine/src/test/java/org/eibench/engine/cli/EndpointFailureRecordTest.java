package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A reply that is not JSON fails only its sample, recorded with the reply's first bytes as a backend fault, and the
 * run goes on; the resume answers that sample again. A JDK stub server on 127.0.0.1 stands for the server.
 */
class EndpointFailureRecordTest {
    private static void reply(HttpExchange ex, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(200, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    void aMalformedReplyIsAFailedRecordWithItsFirstBytesAndTheResumeAnswersItAgain(@TempDir Path tmp)
            throws Exception {
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/models", ex -> reply(ex, "{\"data\":[{\"id\":\"stub\"}]}"));
        server.createContext("/v1/chat/completions", ex -> {
            ex.getRequestBody().readAllBytes();
            reply(ex, calls.getAndIncrement() == 0 ? "<html>proxy error</html>"
                    : "{\"choices\":[{\"message\":{\"content\":\"A fine answer.\"},\"finish_reason\":\"stop\"}],"
                            + "\"usage\":{\"prompt_tokens\":700,\"completion_tokens\":4}}");
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            Path out = tmp.resolve("run");
            String mini = RunCommandTest.repo("data", "mini-eibench").toString();
            String[] args = {"run", "--mode", "user", "--persona", "none", "--endpoint", url, "--endpoint-model",
                "stub", "--eibench", mini, "--images", mini, "--out", out.toString(), "--parallel", "1",
                "--limit", "2", "--sampling", "greedy", "--endpoint-attempts", "1"};
            var first = RunCommandTest.run(args);
            assertEquals(Main.EXIT_PROBLEMS, first.exit(), first.err());
            List<JsonNode> records = RunCommandTest.records(out);
            assertEquals(2, records.size(), "the run went on after the failure");
            JsonNode failed = records.stream().filter(r -> r.get("status").asText().equals("failed")).findFirst()
                    .orElseThrow();
            assertTrue(failed.get("error").asText().contains("malformed reply")
                    && failed.get("error").asText().contains("'<html>proxy error</html>'"), failed.toString());
            assertEquals("backend", failed.get("failure").asText());
            JsonNode ok = records.stream().filter(r -> r.get("status").asText().equals("ok")).findFirst()
                    .orElseThrow();
            assertEquals("A fine answer.", ok.get("answer").asText());
            assertEquals(700, ok.get("promptTokens").asInt(), "the reply's usage is recorded");
            assertEquals(4, ok.get("outputTokens").asInt());

            var resumed = RunCommandTest.run(args);
            assertEquals(0, resumed.exit(), resumed.err());
            assertEquals(3, calls.get(), "only the failed sample was asked again");
            assertTrue(RunCommandTest.answers(out).values().stream().allMatch("A fine answer."::equals));
        } finally {
            server.stop(0);
        }
    }
}
