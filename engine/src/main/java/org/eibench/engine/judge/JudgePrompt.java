package org.eibench.engine.judge;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eibench.models.chat.ChatMessage;

/**
 * The judge's conversation: the reference system message and a user template with the placeholders
 * {@code {answer}} and {@code {ground truth}}.
 *
 * <p>Only those two exact placeholders are replaced, in one pass, so the template's literal
 * {@code {score: correct/total}} and any braces inside an answer are left as they are.
 *
 * @param benchmark the benchmark the template belongs to ({@code basic} or {@code complex})
 * @param system the system message
 * @param userTemplate the user message with placeholders
 */
public record JudgePrompt(String benchmark, String system, String userTemplate) {
    /** Benchmarks with a shipped prompt ({@code user-<benchmark>.txt}). */
    public static final List<String> BENCHMARKS = List.of("basic", "complex");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(answer|ground truth)\\}");

    public JudgePrompt {
        Objects.requireNonNull(benchmark, "benchmark");
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(userTemplate, "userTemplate");
        if (!userTemplate.contains("{answer}") || !userTemplate.contains("{ground truth}")) {
            throw new IllegalArgumentException("judge user template for " + benchmark
                    + " must contain the placeholders {answer} and {ground truth}");
        }
    }

    /** Loads the shipped prompt of {@code basic} or {@code complex}. */
    public static JudgePrompt load(String benchmark) {
        String key = benchmark.toLowerCase(Locale.ROOT);
        String file = "user-" + key + ".txt";
        if (!JudgeResources.exists(file)) {
            throw new IllegalArgumentException("no judge prompt for benchmark '" + benchmark + "'; choose one of " + BENCHMARKS);
        }
        return new JudgePrompt(key, JudgeResources.read("system.txt"), JudgeResources.read(file));
    }

    /** The user message for one answer and its ground-truth trigger list. */
    public String userMessage(String answer, String groundTruth) {
        Objects.requireNonNull(answer, "answer");
        Objects.requireNonNull(groundTruth, "groundTruth");
        Matcher m = PLACEHOLDER.matcher(userTemplate);
        StringBuilder out = new StringBuilder(userTemplate.length() + answer.length() + groundTruth.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1).equals("answer") ? answer : groundTruth));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The full conversation: system message, then the user message. */
    public List<ChatMessage> messages(String answer, String groundTruth) {
        return List.of(ChatMessage.system(system), ChatMessage.user(userMessage(answer, groundTruth)));
    }
}
