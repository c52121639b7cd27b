package org.eibench.engine.runner;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.eibench.models.json.JsonMappers;
import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eibench.models.vlm.SamplingParams;

/**
 * A named set of sampling values from {@code sampling-presets.json} ({@code reference}: the EIBench scripts' own,
 * {@code greedy}), possibly with some values replaced by explicit options.
 *
 * <p>The chain that applies them runs in Hugging Face's order (temperature, top-k, top-p, draw), so the reference
 * preset samples from the distribution the reference's {@code model.generate} samples from. Two differences remain:
 * the draw uses llama.cpp's generator (mt19937), not torch's, so the same distribution gives other individual
 * answers; and top-k keeps exactly k tokens where Hugging Face also keeps those tied with the k-th logit.
 *
 * @param name the preset's name
 * @param description one sentence for humans
 * @param source where the values come from
 * @param temperature softmax temperature; 0 = greedy decoding
 * @param topK keep the k most likely tokens; 0 = off
 * @param topP nucleus mass in (0, 1]; 1 = off
 * @param maxNewTokens the most tokens of one call (a step's own smaller limit still applies)
 * @param overridden the options that replaced a preset value, as {@code "--temp 0.0"}, in the order given
 */
public record SamplingPreset(String name, String description, String source, float temperature, int topK, float topP,
        int maxNewTokens, List<String> overridden) {
    private static final String RESOURCE = "sampling-presets.json";
    private static final Map<String, SamplingPreset> PRESETS = read();

    public SamplingPreset {
        Objects.requireNonNull(name, "name");
        overridden = List.copyOf(overridden);
        if (!(temperature >= 0 && Float.isFinite(temperature))) {
            throw new IllegalArgumentException("sampling preset " + name + ": temperature must be finite and >= 0, got "
                    + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("sampling preset " + name + ": top_p must be in (0, 1], got " + topP);
        }
        if (topK < 0 || maxNewTokens < 1) {
            throw new IllegalArgumentException("sampling preset " + name + ": top_k must be >= 0 and max_new_tokens"
                    + " >= 1, got " + topK + " and " + maxNewTokens);
        }
    }

    /** The shipped presets' names, in file order. */
    public static List<String> names() {
        return List.copyOf(PRESETS.keySet());
    }

    /** A shipped preset by name. */
    public static SamplingPreset named(String name) {
        SamplingPreset preset = PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("unknown sampling preset '" + name + "'; choose one of " + names());
        }
        return preset;
    }

    /** This preset with the given values replaced; null keeps the preset's value. */
    public SamplingPreset override(Float newTemperature, Integer newTopK, Float newTopP) {
        List<String> changes = new ArrayList<>(overridden);
        float t = temperature;
        int k = topK;
        float p = topP;
        if (newTemperature != null && newTemperature != temperature) {
            t = newTemperature;
            changes.add("--temp " + t);
        }
        if (newTopK != null && newTopK != topK) {
            k = newTopK;
            changes.add("--top-k " + k);
        }
        if (newTopP != null && newTopP != topP) {
            p = newTopP;
            changes.add("--top-p " + p);
        }
        return new SamplingPreset(name, description, source, t, k, p, maxNewTokens, changes);
    }

    /** Whether tokens are drawn at random (else the most likely one is taken). */
    public boolean sampled() {
        return temperature > 0;
    }

    /** The request parameters: {@code seed} for the draw, {@link #maxNewTokens} as the limit. */
    public SamplingParams params(long seed, boolean ignoreEos) {
        return new SamplingParams(temperature, topP, topK, seed, maxNewTokens, null, ignoreEos, List.of());
    }

    /** The values as run.json records them: the preset's name (with what replaced its values) and every value. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("sampling", overridden.isEmpty() ? name : name + " with " + String.join(", ", overridden));
        out.put("do_sample", sampled());
        out.put("temperature", temperature);
        out.put("top_k", topK);
        out.put("top_p", topP);
        out.put("max_new_tokens", maxNewTokens);
        out.put("sampler_order", sampled() ? "temperature, top-k, top-p, draw" : "greedy");
        return out;
    }

    private record PresetFile(String description, String source, float temperature,
            @JsonProperty("top_k") int topK, @JsonProperty("top_p") float topP,
            @JsonProperty("max_new_tokens") int maxNewTokens) {}

    private static Map<String, SamplingPreset> read() {
        try (InputStream in = SamplingPreset.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath"
                        + " (org/eibench/engine/runner/)");
            }
            Map<String, PresetFile> files = JsonMappers.create().readValue(in, new TypeReference<LinkedHashMap<String,
                    PresetFile>>() { });
            Map<String, SamplingPreset> presets = new LinkedHashMap<>();
            files.forEach((name, f) -> presets.put(name, new SamplingPreset(name, f.description(), f.source(),
                    f.temperature(), f.topK(), f.topP(), f.maxNewTokens(), List.of())));
            return presets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
