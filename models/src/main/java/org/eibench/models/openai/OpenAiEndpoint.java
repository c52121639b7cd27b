package org.eibench.models.openai;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import org.eibench.models.chat.ChatTemplate;

/**
 * Where and how to reach an OpenAI-compatible server.
 *
 * @param baseUrl the API root, e.g. {@code http://127.0.0.1:8000/v1} ({@code /models} and {@code /chat/completions}
 *     are resolved under it)
 * @param model the model name sent in every request; the server must list it in {@code /models}
 * @param apiKey the bearer token, or null; never part of {@link #toString()} or any message
 * @param parallelism requests in flight at once
 * @param requestTimeout the longest wait for one reply
 * @param retry how failed sends are repeated
 * @param template the chat template the server is set up to apply, used only to write the prompt into the records
 *     (and its stop strings are sent); null when the server's own is unknown here
 */
public record OpenAiEndpoint(URI baseUrl, String model, String apiKey, int parallelism, Duration requestTimeout,
        RetryPolicy retry, ChatTemplate template) {
    public OpenAiEndpoint {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retry, "retry");
        String scheme = baseUrl.getScheme();
        if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || baseUrl.getHost() == null) {
            throw new IllegalArgumentException("the endpoint must be an http:// or https:// URL such as"
                    + " http://127.0.0.1:8000/v1, got '" + redacted(baseUrl) + "'");
        }
        if (baseUrl.getRawUserInfo() != null) {
            throw new IllegalArgumentException("the endpoint URL must not hold credentials ('" + redacted(baseUrl)
                    + "'); put the key in EIBENCH_API_KEY (or the variable --api-key-env names)");
        }
        if (model.isBlank()) {
            throw new IllegalArgumentException("the endpoint model name is empty; pass --endpoint-model NAME");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
    }

    /** An endpoint with the default timeout (10 minutes per reply) and retry policy. */
    public static OpenAiEndpoint of(String url, String model, String apiKey, int parallelism, ChatTemplate template) {
        URI uri;
        try {
            uri = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the endpoint '" + url + "' is not a URL: " + e.getReason(), e);
        }
        return new OpenAiEndpoint(uri, model, apiKey, parallelism, Duration.ofMinutes(10), RetryPolicy.DEFAULT,
                template);
    }

    public OpenAiEndpoint withRequestTimeout(Duration timeout) {
        return new OpenAiEndpoint(baseUrl, model, apiKey, parallelism, timeout, retry, template);
    }

    public OpenAiEndpoint withRetry(RetryPolicy policy) {
        return new OpenAiEndpoint(baseUrl, model, apiKey, parallelism, requestTimeout, policy, template);
    }

    /** The URL as records and run.json show it: scheme, host, port and path only (no credentials, no query). */
    public String displayUrl() {
        return redacted(baseUrl);
    }

    private static String redacted(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost();
        return (uri.getScheme() == null ? "" : uri.getScheme() + "://") + host
                + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    URI resolve(String path) {
        return URI.create(baseUrl.toString() + path);
    }

    /** Without the key, which must never reach a log. */
    @Override
    public String toString() {
        return "OpenAiEndpoint[" + displayUrl() + ", model=" + model + ", apiKey=" + (apiKey == null ? "none" : "***")
                + ", parallelism=" + parallelism + "]";
    }
}
