package org.eibench.engine.run;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.eibench.engine.RecordComponents;
import org.eibench.engine.prompts.Protocol;
import org.eibench.engine.dataset.DatasetIdentity;
import org.eibench.models.vlm.WorkCounts;

/**
 * The contents of {@code run.json}: what ran, with what, when, and how it went.
 *
 * @param projectVersion engine version
 * @param benchmark {@code basic} or {@code complex}
 * @param mode mode id
 * @param persona persona id
 * @param models model files with their SHA-256
 * @param parameters generation and runtime parameters (temperature, max tokens, context size, threads, …)
 * @param seed sampling seed
 * @param llamaCppCommit the llama.cpp commit the native library was built from
 * @param patchSha256 SHA-256 of the project's llama.cpp patch
 * @param promptsFingerprint {@code PromptBook.fingerprint()} of the prompt files used
 * @param selection {@code Selection.describe()}: which samples (without the shard)
 * @param shard {@code K/N}, or null for an unsharded run
 * @param dataset the annotation files' SHA-256 and the selected ids ({@link DatasetIdentity}); null in run.json
 *     files of engines before it was recorded
 * @param startedAt ISO-8601 instant the run folder was created
 * @param finishedAt ISO-8601 instant of the last {@code finish}, or null while running
 * @param counts sample counts at {@code finish}, or null while running
 * @param protocol whether mode and persona are the reference's or the project's own; null in older files
 * @param work what the embedded scheduler computed for this folder's answers, summed over the sessions that answered
 *     (prompt positions decoded against the minimum, image encodes and prefills, decode batch fill); null for a
 *     served backend, before the first session ends, and in older files
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record RunManifest(
        String projectVersion,
        String benchmark,
        String mode,
        String persona,
        List<ModelFile> models,
        Map<String, Object> parameters,
        long seed,
        String llamaCppCommit,
        String patchSha256,
        String promptsFingerprint,
        String selection,
        String shard,
        DatasetIdentity dataset,
        String startedAt,
        String finishedAt,
        Counts counts,
        Protocol protocol,
        WorkCounts work) {
    /**
     * Sample counts.
     *
     * @param selected samples in the selection
     * @param ok finished with an answer
     * @param failed finished with an error
     */
    public record Counts(int selected, int ok, int failed) {}

    /** The parameter naming the backend; absent means the embedded llama.cpp one. */
    public static final String BACKEND = "backend";
    /** {@link #BACKEND}'s value for an OpenAI-compatible server. */
    public static final String BACKEND_OPENAI = "openai-compatible";
    /** The parameter holding the server's URL (without credentials). */
    public static final String ENDPOINT = "endpoint";
    /** The parameter holding the model id the server lists. */
    public static final String ENDPOINT_MODEL = "endpoint_model";
    private static final String BACKEND_EMBEDDED = "embedded (llama.cpp)";

    public RunManifest {
        RecordComponents.requireNonNull("RunManifest", "benchmark", benchmark, "mode", mode, "persona", persona);
        models = models == null ? List.of() : List.copyOf(models);
        parameters = parameters == null ? Map.of() : new TreeMap<>(parameters); // sorted: stable JSON and comparison
    }

    /** A manifest without work counts yet (as at the start of a run). */
    public RunManifest(String projectVersion, String benchmark, String mode, String persona, List<ModelFile> models,
            Map<String, Object> parameters, long seed, String llamaCppCommit, String patchSha256,
            String promptsFingerprint, String selection, String shard, DatasetIdentity dataset, String startedAt,
            String finishedAt, Counts counts, Protocol protocol) {
        this(projectVersion, benchmark, mode, persona, models, parameters, seed, llamaCppCommit, patchSha256,
                promptsFingerprint, selection, shard, dataset, startedAt, finishedAt, counts, protocol, null);
    }

    /** A manifest without a recorded protocol (as files written before it was recorded). */
    public RunManifest(String projectVersion, String benchmark, String mode, String persona, List<ModelFile> models,
            Map<String, Object> parameters, long seed, String llamaCppCommit, String patchSha256,
            String promptsFingerprint, String selection, String shard, DatasetIdentity dataset, String startedAt,
            String finishedAt, Counts counts) {
        this(projectVersion, benchmark, mode, persona, models, parameters, seed, llamaCppCommit, patchSha256,
                promptsFingerprint, selection, shard, dataset, startedAt, finishedAt, counts, null);
    }

    public RunManifest withTimes(String newStartedAt, String newFinishedAt, Counts newCounts) {
        return new RunManifest(projectVersion, benchmark, mode, persona, models, parameters, seed, llamaCppCommit,
                patchSha256, promptsFingerprint, selection, shard, dataset, newStartedAt, newFinishedAt, newCounts,
                protocol, work);
    }

    public RunManifest withShard(String newShard) {
        return new RunManifest(projectVersion, benchmark, mode, persona, models, parameters, seed, llamaCppCommit,
                patchSha256, promptsFingerprint, selection, newShard, dataset, startedAt, finishedAt, counts, protocol,
                work);
    }

    /** This manifest with {@code more} added to its work counts (a session's share; a resumed run adds up). */
    public RunManifest withWorkAdded(WorkCounts more) {
        if (more == null) {
            return this;
        }
        return new RunManifest(projectVersion, benchmark, mode, persona, models, parameters, seed, llamaCppCommit,
                patchSha256, promptsFingerprint, selection, shard, dataset, startedAt, finishedAt, counts, protocol,
                work == null ? more : work.plus(more));
    }

    /**
     * What must agree for two manifests to describe the same run: everything that changes the answers.
     * Times, counts and the engine version do not count.
     */
    public Map<String, Object> identity() {
        Map<String, Object> id = new LinkedHashMap<>();
        id.put("benchmark", benchmark);
        id.put("mode", mode);
        id.put("persona", persona);
        // the backend's entries on their own, so that resuming with another server or model says so in one line
        Map<String, Object> rest = new TreeMap<>(parameters);
        id.put("backend", Objects.requireNonNullElse(rest.remove(BACKEND), BACKEND_EMBEDDED));
        Object endpoint = rest.remove(ENDPOINT);
        Object endpointModel = rest.remove(ENDPOINT_MODEL);
        if (endpoint != null || endpointModel != null) {
            id.put("endpoint", endpoint);
            id.put("endpoint model", endpointModel);
        }
        id.put("models", models.stream().map(m -> m.role() + "=" + m.sha256()).toList());
        id.put("parameters", rest);
        id.put("seed", seed);
        id.put("llamaCppCommit", llamaCppCommit);
        id.put("patchSha256", patchSha256);
        id.put("promptsFingerprint", promptsFingerprint);
        id.put("selection", selection);
        id.put("shard", shard);
        // one entry per part, so that a difference names the file that changed rather than printing both records
        if (dataset == null) {
            id.put("dataset", "not recorded (run.json of an older eibench)");
        } else {
            dataset.files().forEach((file, sha) -> id.put("dataset " + file + " sha256", sha));
            id.put("dataset samples", dataset.samples());
            id.put("dataset ids sha256", dataset.idsSha256());
        }
        return id;
    }

    /** The identity fields that differ, as {@code "mode: 'user' in run.json, 'cfsa' now"}. */
    public List<String> differences(RunManifest other) {
        Map<String, Object> mine = identity();
        Map<String, Object> theirs = other.identity();
        List<String> out = new ArrayList<>();
        mine.forEach((key, value) -> {
            if (!Objects.equals(String.valueOf(value), String.valueOf(theirs.get(key)))) {
                out.add(key + ": '" + value + "' in run.json, '" + theirs.get(key) + "' now");
            }
        });
        theirs.forEach((key, value) -> {
            if (!mine.containsKey(key)) {
                out.add(key + ": not in run.json, '" + value + "' now");
            }
        });
        return out;
    }
}
