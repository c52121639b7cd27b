package org.eibench.engine.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.eibench.engine.dataset.Sample;
import org.eibench.engine.prompts.StepResult;
import org.eibench.engine.prompts.Transcript;

/**
 * One line of {@code records.jsonl}: everything about one finished sample.
 *
 * @param id sample id
 * @param benchmark {@code basic} or {@code complex}
 * @param image image key
 * @param question the user question
 * @param category emotion category
 * @param mode mode id
 * @param persona persona id
 * @param status ok or failed
 * @param answer the final answer; null when failed
 * @param error what went wrong; null when ok
 * @param failure whose fault a failure was ({@link Failure}); null when ok, and in records of older engines
 * @param steps every model call with its full prompt and output (for CFSA, the stage transcripts), including
 *     the calls that finished before a failure
 * @param promptTokens sum over steps
 * @param outputTokens sum over steps
 * @param millis wall time for the sample
 * @param finishedAt ISO-8601 instant
 */
public record SampleRecord(
        String id,
        String benchmark,
        String image,
        String question,
        String category,
        String mode,
        String persona,
        Status status,
        String answer,
        String error,
        Failure failure,
        List<StepResult> steps,
        int promptTokens,
        int outputTokens,
        long millis,
        String finishedAt) {
    /** Whether a sample produced an answer. */
    public enum Status {
        OK,
        FAILED;

        @JsonValue
        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        static Status fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * Whose fault a failure was, which decides whether a resumed run tries the sample again
     * ({@code --retry-failed}).
     */
    public enum Failure {
        /** The sample's input: a missing, rejected or undecodable image, a prompt too long. Retrying fails again. */
        @JsonProperty("input")
        INPUT,
        /** The backend: a decode error, the model failing. Worth retrying. */
        @JsonProperty("backend")
        BACKEND
    }

    public SampleRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        steps = steps == null ? List.of() : List.copyOf(steps);
        if (status == Status.OK && answer == null) {
            throw new IllegalArgumentException("record " + id + " is ok but has no answer");
        }
        if (status == Status.FAILED && error == null) {
            throw new IllegalArgumentException("record " + id + " failed but has no error");
        }
    }

    /** A sample that produced an answer. */
    public static SampleRecord ok(Sample s, String mode, String persona, Transcript t, long millis) {
        return new SampleRecord(s.id(), s.benchmark().id(), s.imageKey(), s.question(), s.category(), mode, persona,
                Status.OK, t.answer(), null, null, t.steps(), t.promptTokens(), t.outputTokens(), millis,
                Instant.now().toString());
    }

    /** A sample that failed (missing image, model error, …), with the steps that finished before the failure. */
    public static SampleRecord failed(Sample s, String mode, String persona, String error, Failure failure,
            List<StepResult> steps, long millis) {
        int in = steps.stream().mapToInt(r -> Math.max(0, r.promptTokens())).sum();
        int out = steps.stream().mapToInt(r -> Math.max(0, r.outputTokens())).sum();
        return new SampleRecord(s.id(), s.benchmark().id(), s.imageKey(), s.question(), s.category(), mode, persona,
                Status.FAILED, null, error, failure, steps, in, out, millis, Instant.now().toString());
    }

    public boolean ok() {
        return status == Status.OK;
    }

    /** Whether a resumed run should answer this sample again: it failed, and not (known to be) by its input's fault. */
    public boolean worthRetrying() {
        return status == Status.FAILED && failure != Failure.INPUT;
    }
}
