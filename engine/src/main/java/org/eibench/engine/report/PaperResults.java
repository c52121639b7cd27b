package org.eibench.engine.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.eibench.engine.judge.JudgeCategories;
import org.eibench.engine.scores.ScoresJson;

/**
 * The paper's published numbers (the two tables of the EIBench README, resource {@value #RESOURCE}) as report rows:
 * one row per model, Basic mode and judge, with the Complex figure on the {@code user} row (the Complex script
 * asks the user prompt). Each cell was judged twice in the paper: by LLaMA-3 and by ChatGPT.
 */
public final class PaperResults {
    /** The classpath resource, a copy of the reference README's two tables. */
    public static final String RESOURCE = "/org/eibench/engine/report/paper-results.json";
    /** Selects every paper model. */
    public static final String ALL = "all";

    /** A judge of the paper's tables: its key in the resource is its lower-case name. */
    public enum Judge {
        LLAMA3("Meta-Llama-3-8B-Instruct (paper)"),
        CHATGPT("gpt-3.5-turbo (paper)");

        private final String label;

        Judge(String label) {
            this.label = label;
        }

        /** The cell's key in the resource: {@code llama3} or {@code chatgpt}. */
        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The judge as the report names it. */
        public String label() {
            return label;
        }

        /** Parses {@code llama3} or {@code chatgpt}; any other name fails with both. */
        public static Judge fromKey(String key) {
            return Arrays.stream(values()).filter(j -> j.key().equalsIgnoreCase(key.strip())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown paper judge '" + key
                            + "'; use llama3 or chatgpt"));
        }
    }

    private static final String USER_MODE = "user";

    private final JsonNode root;
    private final List<String> models;

    private PaperResults(JsonNode root) {
        this.root = root;
        Set<String> names = new LinkedHashSet<>();
        root.path("basic").forEach(r -> names.add(r.get("model").asText()));
        root.path("complex").forEach(r -> names.add(r.get("model").asText()));
        this.models = List.copyOf(names);
    }

    /** Reads the built-in resource. */
    public static PaperResults load() {
        try (InputStream in = Objects.requireNonNull(PaperResults.class.getResourceAsStream(RESOURCE), RESOURCE)) {
            return new PaperResults(ScoresJson.MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in " + RESOURCE, e);
        }
    }

    /** The paper's model names, Basic table order then Complex-only ones. */
    public List<String> models() {
        return models;
    }

    /**
     * The paper models named by {@code requested}, in the paper's order: each name matches case-insensitively and
     * ignoring spaces and punctuation ({@code llava-1.5-13b} is {@code LLaVA-1.5 (13B)}); {@value #ALL} selects every
     * model.
     *
     * @throws IllegalArgumentException for a name no paper model has, naming the closest ones
     */
    public List<String> select(List<String> requested) {
        Set<String> chosen = new LinkedHashSet<>();
        for (String name : requested) {
            if (name.strip().equalsIgnoreCase(ALL)) {
                chosen.addAll(models);
                continue;
            }
            String match = models.stream().filter(m -> key(m).equals(key(name))).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no paper row for model '" + name + "'; closest: "
                            + String.join(", ", closest(name, 3)) + " (or " + ALL + "; every name: "
                            + String.join(", ", models) + ")"));
            chosen.add(match);
        }
        return models.stream().filter(chosen::contains).toList();
    }

    /** The report rows of the chosen models, one per Basic mode and judge. */
    public List<ReportRow> rows(List<String> chosenModels, List<Judge> judges, List<String> basicColumns) {
        List<ReportRow> rows = new ArrayList<>();
        for (String model : chosenModels) {
            Map<String, JsonNode> basicByMode = new LinkedHashMap<>();
            root.path("basic").forEach(r -> {
                if (r.get("model").asText().equals(model)) {
                    basicByMode.put(r.get("mode").asText(), r);
                }
            });
            JsonNode complex = null;
            for (JsonNode r : root.path("complex")) {
                if (r.get("model").asText().equals(model)) {
                    complex = r;
                }
            }
            if (complex != null && !basicByMode.containsKey(USER_MODE)) {
                basicByMode.put(USER_MODE, null);
            }
            for (Map.Entry<String, JsonNode> e : basicByMode.entrySet()) {
                for (Judge judge : judges) {
                    rows.add(row(model, e.getKey(), e.getValue(), USER_MODE.equals(e.getKey()) ? complex : null,
                            judge, basicColumns));
                }
            }
        }
        return rows;
    }

    private static ReportRow row(String model, String mode, JsonNode basic, JsonNode complex, Judge judge,
            List<String> basicColumns) {
        Map<String, Double> reference = new LinkedHashMap<>();
        if (basic != null) {
            List<String> columns = new ArrayList<>(basicColumns);
            columns.add(JudgeCategories.OVERALL);
            for (String c : columns) {
                reference.put(c, fraction(basic.path(c).path(judge.key())));
            }
        }
        Double complexFigure = complex == null ? null : fraction(complex.path("recall").path(judge.key()));
        String label = model + " · " + mode + " · paper, " + judge.label().replace(" (paper)", "") + " judge";
        return new ReportRow(label, model, mode, null, List.of(), ReportRow.PAPER, judge.label(), ReportRow.PAPER,
                Map.of(), reference, null, complexFigure, 0, 0, null, null, null, null, Map.of());
    }

    private static Double fraction(JsonNode percent) {
        return percent.isNumber() ? percent.asDouble() / 100 : null;
    }

    /** The n model names sharing the most letter pairs with {@code name} (Dice coefficient of bigrams). */
    private List<String> closest(String name, int n) {
        Set<String> wanted = bigrams(key(name));
        return models.stream()
                .sorted(Comparator.comparingDouble((String m) -> -dice(bigrams(key(m)), wanted)))
                .limit(n).toList();
    }

    /** A name reduced to lower-case letters and digits. */
    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private static Set<String> bigrams(String s) {
        Set<String> out = new LinkedHashSet<>();
        for (int i = 0; i + 2 <= s.length(); i++) {
            out.add(s.substring(i, i + 2));
        }
        return out;
    }

    private static double dice(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        long shared = a.stream().filter(b::contains).count();
        return 2.0 * shared / (a.size() + b.size());
    }
}
