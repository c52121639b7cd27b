package org.eibench.models.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.random.RandomGenerator;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.vlm.Generation;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.ImageInput;
import org.eibench.models.vlm.SamplingParams;
import org.eibench.models.vlm.StopReason;
import org.junit.jupiter.api.Test;

/** {@link OpenAiChatService} against {@link StubServer}: the request's shape and every fault the issue lists. */
class OpenAiChatServiceFaultTest {
    private static final RetryPolicy FAST = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(80),
            Duration.ofSeconds(5));
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 1, 2, 3};

    private static OpenAiChatService connect(StubServer stub, String key) {
        return OpenAiChatService.connect(OpenAiEndpoint.of(stub.url(), StubServer.MODEL, key, 2, null)
                .withRetry(FAST).withRequestTimeout(Duration.ofSeconds(5)));
    }

    private static GenerationRequest textRequest() {
        return GenerationRequest.chat(List.of(ChatMessage.user("hello")), List.of(), SamplingParams.greedy(4))
                .withId("s1/answer");
    }

    private static Throwable failureOf(OpenAiChatService service, GenerationRequest request) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.submit(request).get());
        return e.getCause();
    }

    @Test
    void theRequestCarriesTheImageAsADataUrlPartTheSamplingAndTheKeyAndTheReplyGivesTextAndUsage() throws Exception {
        try (StubServer stub = new StubServer(StubServer.ok("I feel fine"));
                OpenAiChatService service = connect(stub, "sk-test-KEY")) {
            SamplingParams sampling = new SamplingParams(0.7f, 0.9f, 50, 0x1_0000_0005L, 32, null, false,
                    List.of("###"));
            GenerationRequest request = GenerationRequest.chat(List.of(ChatMessage.system("Be brief."),
                    ChatMessage.user(ChatTemplate.MEDIA_MARKER + "\nWhy?")), List.of(ImageInput.of(PNG, "img")),
                    sampling).withId("s1/answer");
            Generation g = service.submit(request).get();
            assertEquals("I feel fine", g.text());
            assertEquals(11, g.promptTokens());
            assertEquals(3, g.generatedTokens());
            assertEquals(StopReason.EOG, g.stopReason());
            assertEquals(3, service.generatedTokens());
            assertEquals(StubServer.MODEL, service.servedModelId());

            JsonNode body = new ObjectMapper().readTree(stub.bodies.getFirst());
            assertEquals(StubServer.MODEL, body.get("model").asText());
            assertEquals("system", body.at("/messages/0/role").asText());
            assertEquals("Be brief.", body.at("/messages/0/content").asText());
            JsonNode parts = body.at("/messages/1/content");
            assertEquals("image_url", parts.get(0).get("type").asText());
            assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(PNG),
                    parts.get(0).at("/image_url/url").asText());
            assertEquals("text", parts.get(1).get("type").asText());
            assertEquals("\nWhy?", parts.get(1).get("text").asText());
            assertEquals(32, body.get("max_tokens").asInt());
            assertEquals(0.7, body.get("temperature").asDouble(), 1e-6);
            assertEquals(0.9, body.get("top_p").asDouble(), 1e-6);
            assertEquals(50, body.get("top_k").asInt());
            assertEquals(5, body.get("seed").asLong(), "the seed's low 32 bits, as the embedded sampler uses");
            assertEquals("###", body.at("/stop/0").asText());
            assertFalse(body.get("stream").asBoolean());
            assertEquals("Bearer sk-test-KEY", stub.authorizations.getFirst());
        }
    }

    @Test
    void greedyDecodingSendsTemperatureZeroAndNoTopPOrTopK() throws Exception {
        try (StubServer stub = new StubServer(StubServer.ok("x")); OpenAiChatService service = connect(stub, null)) {
            service.submit(textRequest()).get();
            JsonNode body = new ObjectMapper().readTree(stub.bodies.getFirst());
            assertEquals(0.0, body.get("temperature").asDouble());
            assertFalse(body.has("top_p") || body.has("top_k"));
            assertEquals("null", stub.authorizations.getFirst(), "no key, no Authorization header");
        }
    }

    @Test
    void a429IsRetriedAfterItsRetryAfterSeconds() throws Exception {
        try (StubServer stub = new StubServer(StubServer.status(429, "1"), StubServer.ok("after the wait"));
                OpenAiChatService service = connect(stub, null)) {
            long start = System.nanoTime();
            assertEquals("after the wait", service.submit(textRequest()).get().text());
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(2, stub.calls());
            assertTrue(waitedMs >= 950, "Retry-After: 1 is honoured although the backoff is 20 ms; waited "
                    + waitedMs + " ms");
        }
    }

    @Test
    void a500ThenSuccessSucceeds() throws Exception {
        try (StubServer stub = new StubServer(StubServer.status(500, null), StubServer.ok("second time"));
                OpenAiChatService service = connect(stub, null)) {
            assertEquals("second time", service.submit(textRequest()).get().text());
            assertEquals(2, stub.calls());
        }
    }

    @Test
    void a5xxOnEveryAttemptFailsThatRequestOnlyAfterTheAttemptsAreSpent() throws Exception {
        try (StubServer stub = new StubServer(StubServer.status(503, null), StubServer.status(503, null),
                StubServer.status(503, null), StubServer.ok("later"));
                OpenAiChatService service = connect(stub, null)) {
            Throwable failure = failureOf(service, textRequest());
            assertInstanceOf(IllegalStateException.class, failure);
            assertTrue(failure.getMessage().contains("HTTP 503"), failure.getMessage());
            assertEquals(3, stub.calls());
            assertTrue(service.failure().isEmpty(), "the server answers: it is not gone");
            assertEquals("later", service.submit(textRequest()).get().text());
        }
    }

    @Test
    void aReplyThatIsNotJsonFailsTheRequestWithItsFirstBytesAndIsNotRetried() throws Exception {
        try (StubServer stub = new StubServer(ex -> StubServer.reply(ex, 200, "<html>Bad gateway page</html>"),
                StubServer.ok("next"));
                OpenAiChatService service = connect(stub, null)) {
            Throwable failure = failureOf(service, textRequest());
            assertInstanceOf(IllegalStateException.class, failure);
            assertTrue(failure.getMessage().contains("malformed reply") && failure.getMessage()
                    .contains("'<html>Bad gateway page</html>'"), failure.getMessage());
            assertEquals(1, stub.calls());
            assertEquals("next", service.submit(textRequest()).get().text());
        }
    }

    @Test
    void jsonWithoutAMessageIsMalformedToo() throws Exception {
        try (StubServer stub = new StubServer(ex -> StubServer.reply(ex, 200, "{\"choices\":[]}"));
                OpenAiChatService service = connect(stub, null)) {
            Throwable failure = failureOf(service, textRequest());
            assertTrue(failure.getMessage().contains("no choices[0].message.content")
                    && failure.getMessage().contains("{\"choices\":[]}"), failure.getMessage());
        }
    }

    @Test
    void aReplySlowerThanTheTimeoutIsRetriedThenFailsTheRequest() throws Exception {
        try (StubServer stub = new StubServer(StubServer.slow(1500, StubServer.ok("too late")));
                OpenAiChatService service = OpenAiChatService.connect(OpenAiEndpoint.of(stub.url(), StubServer.MODEL,
                        null, 1, null).withRetry(new RetryPolicy(2, Duration.ofMillis(10), Duration.ofMillis(10),
                        Duration.ZERO)).withRequestTimeout(Duration.ofMillis(300)))) {
            Throwable failure = failureOf(service, textRequest());
            assertTrue(failure.getMessage().contains("no reply within 300 ms"), failure.getMessage());
            assertEquals(2, stub.calls());
            assertTrue(service.failure().isEmpty(), "a slow server is not a gone one");
        }
    }

    @Test
    void aSlowReplyThenAFastOneSucceeds() throws Exception {
        try (StubServer stub = new StubServer(StubServer.slow(1500, StubServer.ok("too late")), StubServer.ok("ok"));
                OpenAiChatService service = OpenAiChatService.connect(OpenAiEndpoint.of(stub.url(), StubServer.MODEL,
                        null, 1, null).withRetry(FAST).withRequestTimeout(Duration.ofMillis(300)))) {
            assertEquals("ok", service.submit(textRequest()).get().text());
        }
    }

    @Test
    void aConnectionResetIsRetried() throws Exception {
        try (StubServer stub = new StubServer(StubServer.reset(), StubServer.ok("reconnected"));
                OpenAiChatService service = connect(stub, null)) {
            assertEquals("reconnected", service.submit(textRequest()).get().text());
            assertEquals(2, stub.calls());
        }
    }

    @Test
    void aServerThatStopsListeningIsGoneAndEveryLaterRequestFailsAtOnce() throws Exception {
        StubServer stub = new StubServer(StubServer.ok("first"));
        try (OpenAiChatService service = connect(stub, null)) {
            assertEquals("first", service.submit(textRequest()).get().text());
            stub.close();
            Throwable failure = failureOf(service, textRequest());
            assertTrue(failure.getMessage().contains("is gone"), failure.getMessage());
            assertTrue(service.failure().isPresent());
            long start = System.nanoTime();
            assertTrue(failureOf(service, textRequest()).getMessage().contains("is gone"));
            assertTrue(System.nanoTime() - start < 1_000_000_000L, "no more attempts once gone");
        }
    }

    @Test
    void a4xxIsTheRequestsOwnFaultAndNotRetried() throws Exception {
        try (StubServer stub = new StubServer(StubServer.status(400, null));
                OpenAiChatService service = connect(stub, null)) {
            Throwable failure = failureOf(service, textRequest());
            assertInstanceOf(IllegalArgumentException.class, failure);
            assertTrue(failure.getMessage().contains("HTTP 400"), failure.getMessage());
            assertEquals(1, stub.calls());
        }
    }

    @Test
    void aModelTheServerDoesNotListIsRefusedWithTheListAndNoServerIsRefusedWithItsAddress() throws Exception {
        try (StubServer stub = new StubServer(StubServer.ok("x"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OpenAiChatService
                    .connect(OpenAiEndpoint.of(stub.url(), "gpt-9", null, 1, null).withRetry(FAST)));
            assertTrue(e.getMessage().contains("does not serve model 'gpt-9'")
                    && e.getMessage().contains("[" + StubServer.MODEL + "]"), e.getMessage());
        }
        int freePort;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            freePort = s.getLocalPort();
        }
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenAiChatService.connect(
                OpenAiEndpoint.of("http://127.0.0.1:" + freePort + "/v1", "m", null, 1, null).withRetry(FAST)));
        assertTrue(e.getMessage().contains("127.0.0.1:" + freePort), e.getMessage());
    }

    @Test
    void theKeyIsInNoStringAndCredentialsInTheUrlAreRefused() {
        OpenAiEndpoint endpoint = OpenAiEndpoint.of("http://127.0.0.1:9/v1?x=1", "m", "sk-SECRET", 1, null);
        assertFalse(endpoint.toString().contains("sk-SECRET"), endpoint.toString());
        assertEquals("http://127.0.0.1:9/v1", endpoint.displayUrl());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OpenAiEndpoint.of("http://user:sk-SECRET@127.0.0.1:9/v1", "m", null, 1, null));
        assertFalse(e.getMessage().contains("sk-SECRET"), e.getMessage());
    }

    @Test
    void backoffIsCappedAndJitteredAndRetryAfterReadsSecondsAndDates() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(3));
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        for (int attempt = 1; attempt <= 9; attempt++) {
            long bound = Math.min(1000, 100L << (attempt - 1));
            for (int i = 0; i < 50; i++) {
                long ms = policy.delay(attempt, Optional.empty(), random).toMillis();
                assertTrue(ms >= 0 && ms <= bound, "attempt " + attempt + ": " + ms + " ms > " + bound);
            }
        }
        assertEquals(Duration.ofSeconds(3), policy.delay(1, Optional.of(Duration.ofSeconds(60)), random));
        ZonedDateTime now = ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        assertEquals(Optional.of(Duration.ofSeconds(7)), RetryPolicy.parseRetryAfter(" 7 ", now));
        assertEquals(Optional.of(Duration.ofSeconds(30)),
                RetryPolicy.parseRetryAfter("Thu, 01 Jan 2026 00:00:30 GMT", now));
        assertEquals(Optional.empty(), RetryPolicy.parseRetryAfter("soon", now));
    }
}
