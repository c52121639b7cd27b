package org.eibench.models.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import org.eibench.models.chat.ChatMessage;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.json.JsonMappers;
import org.eibench.models.vlm.AbstractGenerationService;
import org.eibench.models.vlm.Generation;
import org.eibench.models.vlm.GenerationRequest;
import org.eibench.models.vlm.GenerationService;
import org.eibench.models.vlm.GenerationStats;
import org.eibench.models.vlm.ImageInput;
import org.eibench.models.vlm.SamplingParams;
import org.eibench.models.vlm.StopReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link GenerationService} over an OpenAI-compatible server: each request is one {@code POST /chat/completions}
 * (docs/backends.md has the exact body), up to {@link OpenAiEndpoint#parallelism()} in flight, the rest waiting in
 * FIFO order.
 *
 * <p>Faults: a connect error, a timeout, a 408, 429 or 5xx is sent again by the {@link RetryPolicy}. A request that
 * still fails, a reply that is not the expected JSON (its first bytes in the message) or a 4xx fails that request
 * only; a 4xx is the request's own fault ({@link IllegalArgumentException}), the others the backend's. When a
 * request runs out of attempts on connection errors alone, the server is taken to be gone: {@link #failure()} says
 * so and every later request fails at once, so that a run stops and a rerun resumes.
 */
public final class OpenAiChatService extends AbstractGenerationService {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiChatService.class);
    private static final ObjectMapper JSON = JsonMappers.create();
    /** How much of a bad reply a message quotes. */
    static final int QUOTED_BYTES = 200;

    private final OpenAiEndpoint endpoint;
    private final String servedModelId;
    private final HttpClient client;
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;
    private final AtomicLong completed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    private OpenAiChatService(OpenAiEndpoint endpoint, HttpClient client, String servedModelId) {
        this.endpoint = endpoint;
        this.client = client;
        this.servedModelId = servedModelId;
        this.inFlight = new Semaphore(endpoint.parallelism(), true);
    }

    /**
     * Connects: asks {@code GET /models} (with the same retries as a request) and checks that the server serves
     * {@code endpoint.model()}.
     *
     * @throws IllegalArgumentException when the server does not list the model (the message lists what it serves)
     * @throws IllegalStateException when the server cannot be reached or its reply is not a model list
     */
    public static OpenAiChatService connect(OpenAiEndpoint endpoint) {
        // HTTP/1.1: llama-server and many others do not speak HTTP/2 (the JDK's h2c upgrade only adds a round
        // trip); the JDK's default SSL context verifies certificates and host names
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
        List<String> ids = listModels(endpoint, client);
        if (!ids.contains(endpoint.model())) {
            throw new IllegalArgumentException("the server at " + endpoint.displayUrl() + " does not serve model '"
                    + endpoint.model() + "'; it serves " + ids + ": pass one of them as the model name");
        }
        return new OpenAiChatService(endpoint, client, endpoint.model());
    }

    private static List<String> listModels(OpenAiEndpoint endpoint, HttpClient client) {
        byte[] body;
        try {
            body = send(endpoint, client, HttpRequest.newBuilder(endpoint.resolve("/models")).GET(), "GET /models",
                    () -> false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking " + endpoint.displayUrl() + "/models", e);
        }
        try {
            JsonNode data = JSON.readTree(body).path("data");
            if (!data.isArray()) {
                throw new IOException("no 'data' array");
            }
            List<String> ids = new ArrayList<>();
            data.forEach(m -> ids.add(m.path("id").asText()));
            return ids;
        } catch (IOException e) {
            throw new IllegalStateException("the reply of " + endpoint.displayUrl() + "/models is not a model list ("
                    + e.getMessage() + "); it starts with " + quote(body));
        }
    }

    /** The model id the server reported in {@code /models} (recorded in run.json). */
    public String servedModelId() {
        return servedModelId;
    }

    /** The endpoint this service talks to. */
    public OpenAiEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public CompletableFuture<Generation> submit(GenerationRequest request) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the generation service was closed"));
        }
        CompletableFuture<Generation> result = new CompletableFuture<>();
        try {
            workers.execute(() -> {
                try {
                    inFlight.acquire();
                    try {
                        Generation g = generate(request);
                        completed.incrementAndGet();
                        count(g);
                        result.complete(g);
                    } finally {
                        inFlight.release();
                    }
                } catch (InterruptedException e) {
                    result.completeExceptionally(new IllegalStateException("the generation service was closed", e));
                } catch (Exception | Error e) {
                    failed.incrementAndGet();
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(new IllegalStateException("the generation service was closed", e));
        }
        return result;
    }

    private Generation generate(GenerationRequest request) throws InterruptedException {
        Optional<Throwable> serverGone = failure();
        if (serverGone.isPresent()) {
            throw new IllegalStateException(serverGone.get().getMessage(), serverGone.get());
        }
        byte[] body = requestBody(request);
        long start = System.nanoTime();
        byte[] reply;
        try {
            reply = send(endpoint, client, HttpRequest.newBuilder(endpoint.resolve("/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "request " + request.id(), () -> closed);
        } catch (ServerGoneException e) {
            if (stop(e)) {
                LOG.error("{}", e.getMessage());
            }
            throw e;
        }
        return parse(reply, request, (System.nanoTime() - start) / 1e6);
    }

    /** A failure that another send may cure. */
    private record Retryable(String what, Optional<Duration> retryAfter, boolean connection) {}

    /**
     * Sends until a 2xx reply (its body returned) or the retry policy gives up.
     *
     * @param what names the request in messages
     */
    private static byte[] send(OpenAiEndpoint endpoint, HttpClient client, HttpRequest.Builder builder, String what,
            java.util.function.BooleanSupplier closed) throws InterruptedException {
        builder.timeout(endpoint.requestTimeout()).header("Accept", "application/json");
        if (endpoint.apiKey() != null) {
            builder.header("Authorization", "Bearer " + endpoint.apiKey());
        }
        HttpRequest httpRequest = builder.build();
        RandomGenerator jitter = RandomGenerator.of("L64X128MixRandom");
        Retryable last = null;
        for (int attempt = 1; attempt <= endpoint.retry().maxAttempts(); attempt++) {
            if (closed.getAsBoolean()) {
                throw new IllegalStateException("the generation service was closed");
            }
            if (attempt > 1) {
                Duration wait = endpoint.retry().delay(attempt - 1, last.retryAfter(), jitter);
                LOG.info("{} to {}: {}; attempt {} of {} in {} ms", what, endpoint.displayUrl(), last.what(), attempt,
                        endpoint.retry().maxAttempts(), wait.toMillis());
                Thread.sleep(wait);
            }
            try {
                HttpResponse<byte[]> response = client.send(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    return response.body();
                }
                if (status == 408 || status == 429 || status / 100 == 5) {
                    last = new Retryable("HTTP " + status + " " + quote(response.body()),
                            RetryPolicy.parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                                    ZonedDateTime.now(ZoneOffset.UTC)), false);
                    continue;
                }
                throw new IllegalArgumentException("the server at " + endpoint.displayUrl() + " refused " + what
                        + " with HTTP " + status + ": " + quote(response.body()));
            } catch (SSLException e) {
                // an untrusted certificate or a wrong host name does not heal by sending again
                throw new IllegalStateException("TLS with " + endpoint.displayUrl() + " failed (" + e.getMessage()
                        + "); certificates and host names are verified: add the server's CA to the JDK trust store"
                        + " (or -Djavax.net.ssl.trustStore=...)", e);
            } catch (HttpConnectTimeoutException e) {
                last = new Retryable("connect timeout", Optional.empty(), true);
            } catch (HttpTimeoutException e) {
                last = new Retryable("no reply within " + endpoint.requestTimeout().toMillis() + " ms",
                        Optional.empty(), false);
            } catch (IOException e) {
                String why = e instanceof ConnectException ? "cannot connect" : "connection failed";
                last = new Retryable(why + " (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")", Optional.empty(), true);
            }
        }
        String message = what + " to " + endpoint.displayUrl() + " failed " + endpoint.retry().maxAttempts()
                + " time(s), last: " + last.what();
        if (last.connection()) {
            throw new ServerGoneException("the server at " + endpoint.displayUrl() + " is gone: " + message);
        }
        throw new IllegalStateException(message);
    }

    /** Every send of a request failed on the connection itself: nothing answers at the endpoint. */
    static final class ServerGoneException extends IllegalStateException {
        ServerGoneException(String message) {
            super(message);
        }
    }

    /** The request's JSON body (docs/backends.md). */
    byte[] requestBody(GenerationRequest request) {
        if (request.rawPrompt() != null) {
            throw new IllegalArgumentException("an OpenAI-compatible server takes conversations, not raw prompts"
                    + " (request " + request.id() + ")");
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("model", endpoint.model());
        ArrayNode messages = body.putArray("messages");
        int imageIndex = 0;
        for (ChatMessage m : request.messages()) {
            ObjectNode message = messages.addObject();
            message.put("role", m.role().name().toLowerCase(Locale.ROOT));
            String content = m.content();
            if (!content.contains(ChatTemplate.MEDIA_MARKER)) {
                message.put("content", content);
                continue;
            }
            // text and image parts in the order the marker stands; llama-server joins them back without adding
            // anything around an image, so the prompt is the same text as the embedded backend renders
            ArrayNode parts = message.putArray("content");
            String[] pieces = content.split(java.util.regex.Pattern.quote(ChatTemplate.MEDIA_MARKER), -1);
            for (int i = 0; i < pieces.length; i++) {
                if (i > 0) {
                    if (imageIndex >= request.images().size()) {
                        throw new IllegalArgumentException("request " + request.id() + " has more image markers than"
                                + " its " + request.images().size() + " image(s)");
                    }
                    parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", dataUrl(request.images().get(imageIndex++)));
                }
                if (!pieces[i].isEmpty()) {
                    parts.addObject().put("type", "text").put("text", pieces[i]);
                }
            }
        }
        if (imageIndex != request.images().size()) {
            throw new IllegalArgumentException("request " + request.id() + " has " + request.images().size()
                    + " image(s) but " + imageIndex + " image marker(s)");
        }
        SamplingParams s = request.sampling();
        body.put("max_tokens", s.maxTokens());
        if (s.isGreedy()) {
            body.put("temperature", 0.0);
        } else {
            body.put("temperature", s.temperature());
            if (s.topP() < 1f) {
                body.put("top_p", s.topP());
            }
            if (s.topK() > 0) {
                body.put("top_k", s.topK());
            }
        }
        body.put("seed", s.seed() & 0xFFFFFFFFL);
        Set<String> stops = new LinkedHashSet<>(s.stop());
        ChatTemplate template = request.template() != null ? request.template() : endpoint.template();
        if (template != null) {
            stops.addAll(template.stopStrings());
        }
        if (!stops.isEmpty()) {
            ArrayNode stop = body.putArray("stop");
            stops.forEach(stop::add);
        }
        if (s.grammar() != null) {
            body.put("grammar", s.grammar()); // llama-server's extension; other servers ignore or refuse it
        }
        if (s.ignoreEos()) {
            body.put("ignore_eos", true);
        }
        body.put("stream", false);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String dataUrl(ImageInput image) {
        byte[] bytes;
        try {
            bytes = image.read();
        } catch (UncheckedIOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return "data:" + mediaType(bytes) + ";base64," + Base64.getEncoder().encodeToString(bytes);
    }

    /** The image's media type from its first bytes (servers decode by content; the type is informative). */
    static String mediaType(byte[] b) {
        if (b.length >= 4 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length >= 4 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        if (b.length >= 12 && b[0] == 'R' && b[1] == 'I' && b[8] == 'W' && b[9] == 'E' && b[10] == 'B') {
            return "image/webp";
        }
        if (b.length >= 2 && b[0] == 'B' && b[1] == 'M') {
            return "image/bmp";
        }
        return "image/jpeg";
    }

    private Generation parse(byte[] reply, GenerationRequest request, double wallMs) {
        JsonNode root;
        try {
            root = JSON.readTree(reply);
        } catch (IOException e) {
            throw malformed(request, "not JSON", reply);
        }
        JsonNode choice = root == null ? null : root.path("choices").path(0);
        JsonNode content = choice == null ? null : choice.path("message").path("content");
        if (content == null || !content.isTextual()) {
            throw malformed(request, "no choices[0].message.content", reply);
        }
        JsonNode usage = root.path("usage");
        int prompt = usage.path("prompt_tokens").asInt(0);
        int generated = usage.path("completion_tokens").asInt(0);
        StopReason stop = "length".equals(choice.path("finish_reason").asText()) ? StopReason.MAX_TOKENS
                : StopReason.EOG;
        JsonNode timings = root.path("timings"); // llama-server's own; other servers' replies lack it
        Generation.Timings t = timings.isObject()
                ? new Generation.Timings(0, timings.path("prompt_ms").asDouble(0), timings.path("predicted_ms")
                        .asDouble(0))
                : new Generation.Timings(0, 0, wallMs);
        return new Generation(content.asText(), List.of(), prompt, generated, stop, t);
    }

    private IllegalStateException malformed(GenerationRequest request, String why, byte[] reply) {
        return new IllegalStateException("malformed reply from " + endpoint.displayUrl() + " to request "
                + request.id() + " (" + why + "); it starts with " + quote(reply));
    }

    /** The first {@link #QUOTED_BYTES} bytes of a body, as text with control characters escaped, in quotes. */
    static String quote(byte[] body) {
        if (body == null || body.length == 0) {
            return "(an empty body)";
        }
        String text = new String(body, 0, Math.min(body.length, QUOTED_BYTES), StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("'");
        text.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7F) {
                out.append(String.format(Locale.ROOT, "\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        out.append('\'');
        if (body.length > QUOTED_BYTES) {
            out.append(" (").append(body.length).append(" bytes in all)");
        }
        return out.toString();
    }

    /**
     * The conversation as the server is expected to render it: with the endpoint's chat template when one is set,
     * else each turn as {@code ROLE: content} on its own line (the server applies its own template).
     */
    @Override
    public String renderPrompt(GenerationRequest request) {
        if (request.rawPrompt() != null) {
            return request.rawPrompt();
        }
        ChatTemplate template = request.template() != null ? request.template() : endpoint.template();
        if (template != null) {
            return template.render(request.messages(), true);
        }
        StringBuilder out = new StringBuilder();
        for (ChatMessage m : request.messages()) {
            out.append(m.role().name()).append(": ").append(m.content()).append('\n');
        }
        return out.append("ASSISTANT:").toString();
    }

    @Override
    public int parallelism() {
        return endpoint.parallelism();
    }

    /** Only completed and failed requests are counted; the scheduler's counters stay zero. */
    @Override
    public GenerationStats stats() {
        return GenerationStats.none(completed.get(), failed.get());
    }

    /** Stops: requests in flight are cancelled and fail, as do later ones; idempotent. */
    @Override
    public void close() {
        closed = true;
        workers.shutdownNow();
        try {
            workers.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
