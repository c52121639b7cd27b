package org.eibench.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Deterministic text in the shapes the engine meets: trigger phrases like the EIBench annotations, VLM answers
 * (numbered lists with bold headings, prose with abbreviations, inline lists) and judge replies carrying
 * {@code {score: C/T}}. The shared data holds no model outputs, so answers and replies are always generated.
 */
final class Phrases {
    private static final String[] QUALITIES = {"Tense", "Somber", "Crowded", "Chaotic", "Quiet", "Dim", "Joyful",
        "Aggressive", "Contemplative", "Overwhelming", "Distressing", "Lonely", "Festive", "Hostile", "Worried"};
    private static final String[] THINGS = {"facial expression", "body language", "atmosphere", "posture",
        "clenched fists", "furrowed brow", "raised voice", "crowd around him", "empty room", "broken window",
        "argument with a colleague", "rainy weather", "sunset over the ocean", "celebration with friends",
        "loss of personal belongings", "hand on forehead", "tears on her cheeks", "eye contact", "cluttered desk"};
    private static final String[] CONTEXTS = {"in the background", "of defeat or mourning", "of concern",
        "with the people nearby", "after a long day", "during the event", "at the table", "near the door", ""};
    private static final String[] OPENERS = {
        "The person in the image appears to feel this way for several reasons:",
        "Several factors in the image might have caused this emotion:",
        "Based on the visual cues, the emotion could be caused by the following:"};
    private static final String[] CLOSERS = {
        "Overall, these elements together suggest a strong emotional reaction, e.g. to a recent event.",
        "In summary, the setting and the expression (approx. 3.5 seconds of tension captured) explain the mood.",
        "These cues, i.e. the expression and the surroundings, point to the same cause."};
    private static final String[] VERDICTS = {
        "The answer correctly identifies %d of the %d triggers in the ground truth. It mentions the %s, which"
                + " matches the label, but it does not mention the %s.",
        "Comparing the record with the ground truth, the answer covers %d out of %d triggers: the %s is"
                + " described accurately, while the %s is missing from the explanation."};

    private Phrases() {}

    /** One trigger phrase, capitalised, without a final period. */
    static String trigger(Random random) {
        String context = pick(random, CONTEXTS);
        return pick(random, QUALITIES) + " " + pick(random, THINGS) + (context.isEmpty() ? "" : " " + context);
    }

    /** A VLM answer explaining the given triggers in one of three layouts. */
    static String answer(List<String> triggers, Random random) {
        return switch (random.nextInt(3)) {
            case 0 -> numberedAnswer(triggers, random);
            case 1 -> proseAnswer(triggers, random);
            default -> inlineListAnswer(triggers, random);
        };
    }

    /** A judge reply for an answer that found {@code correct} of {@code total} triggers. */
    static String judgeReply(int correct, int total, boolean scoreFirst, Random random) {
        String explanation = String.format(pick(random, VERDICTS), correct, total, trigger(random).toLowerCase(),
                trigger(random).toLowerCase()) + " The remaining triggers are either paraphrased loosely or absent,"
                + " so they are not counted as correct.";
        String score = "{score: " + correct + "/" + total + "}";
        return scoreFirst ? score + "\n\n" + explanation : "Assessment: " + explanation + "\n\nTherefore, " + score;
    }

    /** A judge reply with no score at all (the judge ignored the format), the parser's full-scan case. */
    static String judgeReplyWithoutScore(Random random) {
        return String.format(pick(random, VERDICTS), 2, 5, trigger(random).toLowerCase(), trigger(random).toLowerCase())
                + " I would rate this answer as partially correct, two triggers out of five.";
    }

    private static String numberedAnswer(List<String> triggers, Random random) {
        StringBuilder out = new StringBuilder(pick(random, OPENERS)).append("\n\n");
        for (int i = 0; i < triggers.size(); i++) {
            out.append(i + 1).append(". **").append(triggers.get(i)).append("**: ")
                    .append("The ").append(pick(random, THINGS)).append(" suggests that the person is affected by ")
                    .append(triggers.get(i).toLowerCase()).append(". This adds to the overall mood.\n");
        }
        return out.append('\n').append(pick(random, CLOSERS)).toString();
    }

    private static String proseAnswer(List<String> triggers, Random random) {
        StringBuilder out = new StringBuilder("The man in the image seems upset. ");
        for (String t : triggers) {
            out.append("One possible cause is the ").append(t.toLowerCase()).append(", as seen by Mr. Smith's ")
                    .append(pick(random, THINGS)).append(". ");
        }
        return out.append(pick(random, CLOSERS)).toString();
    }

    private static String inlineListAnswer(List<String> triggers, Random random) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < triggers.size(); i++) {
            parts.add((i + 1) + ". " + triggers.get(i).toLowerCase());
        }
        return "Possible causes include: " + String.join(" ", parts) + ". " + pick(random, CLOSERS);
    }

    private static String pick(Random random, String[] options) {
        return options[random.nextInt(options.length)];
    }
}
