package org.eibench.engine.cli;

import java.time.Duration;
import org.eibench.models.chat.ChatTemplate;
import org.eibench.models.openai.OpenAiEndpoint;
import org.eibench.models.openai.RetryPolicy;
import picocli.CommandLine.Option;

/** {@code eibench run}'s options for an OpenAI-compatible server as the backend, declared once as a picocli mixin. */
public final class EndpointOptions {
    /** The variable the API key is read from unless {@code --api-key-env} names another. */
    static final String DEFAULT_KEY_VARIABLE = "EIBENCH_API_KEY";

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Answer with an OpenAI-compatible server instead of a local model (vLLM, SGLang,"
                    + " llama-server, Ollama, ...): its API root, e.g. http://127.0.0.1:8000/v1. Each model call is"
                    + " one POST URL/chat/completions, --parallel of them in flight. Needs --endpoint-model; -m and"
                    + " --mmproj are not used. An API key is read from $" + DEFAULT_KEY_VARIABLE
                    + " (or --api-key-env), never from the command line. See docs/backends.md.")
    String url;

    @Option(names = "--endpoint-model", paramLabel = "NAME",
            description = "The model name the server lists in /v1/models (sent in every request; recorded in"
                    + " run.json). Its name also picks the chat template the records show, as a file name does"
                    + " (--chat-template overrides); the server must apply the same one.")
    String model;

    @Option(names = "--api-key-env", paramLabel = "NAME", defaultValue = DEFAULT_KEY_VARIABLE,
            description = "The environment variable holding the server's API key, sent as a bearer token and"
                    + " written nowhere; unset means no key (default: ${DEFAULT-VALUE}).")
    String keyVariable;

    @Range(min = 1, max = 86_400, why = "seconds, at most a day")
    @Option(names = "--endpoint-timeout", paramLabel = "SECONDS", defaultValue = "600",
            description = "Longest wait for one reply before the request is sent again (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Range(min = 1, max = 100, why = "sends of one request in all")
    @Option(names = "--endpoint-attempts", paramLabel = "N", defaultValue = "6",
            description = "Sends of one request before it fails: a connect error, a timeout, 408, 429 or 5xx is sent"
                    + " again after a capped exponential backoff with jitter (0.5 s doubling up to 16 s) or the"
                    + " server's Retry-After (up to 120 s). A request that fails on connect errors every time means"
                    + " the server is gone: the run stops, keeping what finished (default: ${DEFAULT-VALUE}).")
    int attempts;

    /** Whether an endpoint was asked for. */
    public boolean requested() {
        return url != null;
    }

    /** The endpoint these options describe, with {@code parallel} requests in flight. */
    public OpenAiEndpoint endpoint(int parallel, ChatTemplate template) {
        if (model == null) {
            throw new IllegalArgumentException("--endpoint needs --endpoint-model NAME (one of the ids the server"
                    + " lists at " + url + "/models)");
        }
        return OpenAiEndpoint.of(url, model, apiKey(keyVariable, "--api-key-env"), parallel, template)
                .withRequestTimeout(Duration.ofSeconds(timeoutSeconds))
                .withRetry(new RetryPolicy(attempts, RetryPolicy.DEFAULT.baseDelay(), RetryPolicy.DEFAULT.maxDelay(),
                        RetryPolicy.DEFAULT.maxRetryAfter()));
    }

    /** The endpoint's model name, or null. */
    public String model() {
        return model;
    }

    /**
     * The key in environment variable {@code variable}, or null when it is unset and is the default one; a variable
     * named on purpose must be set.
     */
    static String apiKey(String variable, String option) {
        String key = System.getenv(variable);
        if (key == null || key.isEmpty()) {
            if (!variable.equals(DEFAULT_KEY_VARIABLE)) {
                throw new IllegalArgumentException(option + " names " + variable + ", which is not set; export it"
                        + " with the server's API key");
            }
            return null;
        }
        return key;
    }
}
