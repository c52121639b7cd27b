package org.eibench.engine.prompts;

/**
 * What one model call of a mode did: the full prompt and output, kept in the run's records (the CFSA stage
 * transcripts).
 *
 * @param step the step id
 * @param item 1-based item number within a "for each" step; 0 for a plain step
 * @param role the model that ran it
 * @param image whether the image was given
 * @param system the system message, or null
 * @param prompt the user prompt as sent
 * @param output the raw output
 * @param promptTokens tokens in the prompt as the model counted them (including image tokens), or -1 if unknown
 * @param outputTokens generated tokens, or -1 if unknown
 * @param millis wall time of the call
 * @param chatPrompt the whole prompt text after the chat template, the image written {@code <image>} where it goes
 *     (as the reference's prompts write it); null when unknown
 */
public record StepResult(String step, int item, Role role, boolean image, String system, String prompt,
        String output, int promptTokens, int outputTokens, long millis, String chatPrompt) {
    /** A step result without its chat prompt. */
    public StepResult(String step, int item, Role role, boolean image, String system, String prompt, String output,
            int promptTokens, int outputTokens, long millis) {
        this(step, item, role, image, system, prompt, output, promptTokens, outputTokens, millis, null);
    }
}
