package org.eibench.engine.judge;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eibench.engine.RecordComponents;
import org.eibench.models.json.JsonMappers;

/**
 * How the judge samples and when it gives up, loaded from {@code policy-<name>.json}.
 *
 * <p>{@code reference} reproduces the EIBench judge scripts: sample, and retry (up to {@code maxAttempts}) until the
 * reply contains {@code requiredMarker} (compared in lower case, as the scripts do), else record {@code fallbackReply}.
 * {@code grammar} adds a GBNF grammar that makes every reply start with {@code {score: C/T}}.
 *
 * @param name the policy's name, recorded in scores.json
 * @param description one sentence for humans
 * @param temperature sampling temperature
 * @param topP nucleus sampling mass
 * @param topK sample among the k most likely tokens (0 = off)
 * @param maxNewTokens most tokens per reply
 * @param maxAttempts most replies drawn per sample
 * @param requiredMarker text a reply must contain (case-insensitively) to be kept
 * @param fallbackReply what is recorded when no attempt produced the marker
 * @param grammar the GBNF grammar text, or null for unconstrained sampling
 */
public record JudgePolicy(
        String name,
        String description,
        double temperature,
        double topP,
        int topK,
        int maxNewTokens,
        int maxAttempts,
        String requiredMarker,
        String fallbackReply,
        String grammar) {
    /** The names of the policies shipped as resources. */
    public static final List<String> NAMES = List.of("reference", "grammar");

    private static final ObjectMapper JSON = JsonMappers.create();
    private static final String GRAMMAR = "grammar";
    private static final String GRAMMAR_RESOURCE = "grammarResource";

    public JudgePolicy {
        RecordComponents.requireNonNull("JudgePolicy", "name", name, "requiredMarker", requiredMarker,
                "fallbackReply", fallbackReply);
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("policy " + name + ": maxAttempts must be >= 1, got " + maxAttempts);
        }
        sampling(temperature, topP, topK, maxNewTokens, grammar); // validates the sampling fields early
    }

    /** Loads a shipped policy by name ({@link #NAMES}). */
    public static JudgePolicy load(String name) {
        String file = "policy-" + name.toLowerCase(Locale.ROOT) + ".json";
        if (!JudgeResources.exists(file)) {
            throw new IllegalArgumentException("unknown judge policy '" + name + "'; choose one of " + NAMES);
        }
        try {
            // the resource names its grammar by file (grammarResource); the policy holds the grammar's text
            ObjectNode f = (ObjectNode) JSON.readTree(JudgeResources.read(file));
            if (f.has(GRAMMAR)) {
                throw new IllegalStateException("judge policy resource " + file + " inlines its grammar; name the"
                        + " grammar file with " + GRAMMAR_RESOURCE);
            }
            JsonNode grammarFile = f.remove(GRAMMAR_RESOURCE);
            if (grammarFile != null && !grammarFile.isNull()) {
                f.put(GRAMMAR, JudgeResources.read(grammarFile.asText()));
            }
            return JSON.treeToValue(f, JudgePolicy.class);
        } catch (IOException e) {
            throw new IllegalStateException("judge policy resource " + file + " is not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The sampling settings of every request under this policy. */
    @JsonIgnore
    public SamplingSettings sampling() {
        return sampling(temperature, topP, topK, maxNewTokens, grammar);
    }

    /** Whether a reply is kept: it contains the marker, compared in lower case as the reference scripts do. */
    public boolean accepts(String reply) {
        return reply.toLowerCase(Locale.ROOT).contains(requiredMarker.toLowerCase(Locale.ROOT));
    }

    private static SamplingSettings sampling(double temperature, double topP, int topK, int maxNewTokens,
            String grammar) {
        return new SamplingSettings(temperature, topP, topK, maxNewTokens, Optional.ofNullable(grammar));
    }
}
