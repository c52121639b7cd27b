package org.eibench.engine.dataset;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eibench.models.json.JsonMappers;

/**
 * Loads the EIBench annotation files and validates them strictly.
 *
 * <pre>{@code
 * List<Sample> basic = EibenchDataset.load(Path.of("EIBench"), Benchmark.BASIC);
 * }</pre>
 *
 * <p>The folder holds {@code user.jsonl} and {@code basic_ground_truth.json} (Basic) and
 * {@code ec_complex.jsonl} (Complex), as in {@code EIBench/EI_Basic} and {@code EIBench/EI_Complex} of
 * Lum1104/EIBench. Validation reports every problem with its file and line, not just the first.
 */
public final class EibenchDataset {
    /** Basic queries: one {@code {"<image path>": "<question>"}} per line. */
    public static final String BASIC_QUERIES = "user.jsonl";
    /** Basic ground truth: one JSON object, image path to numbered trigger list. */
    public static final String BASIC_GROUND_TRUTH = "basic_ground_truth.json";
    /** Complex: one {@code {"<image path>": {"<question>": "<numbered list>"}}} per line. */
    public static final String COMPLEX = "ec_complex.jsonl";

    /** Basic categories by image folder, in the order EIBench reports them. */
    public static final Map<String, String> BASIC_CATEGORY_FOLDERS = orderedMap(
            "CAER-S/train/Happy/", "happy",
            "CAER-S/train/Angry/", "angry",
            "EmoSet-118k/image/sadness/", "sad",
            "EmoSet-118k/image/excitement/", "excited");

    /** The eight EmoSet emotion folders a Complex image may live in ({@code EmoSet-118k/image/<emotion>/}). */
    public static final Set<String> COMPLEX_CATEGORIES =
            Set.of("amusement", "anger", "awe", "contentment", "disgust", "excitement", "fear", "sadness");

    private static final String EMOSET_PREFIX = "EmoSet-118k/image/";
    // trailing tokens: a second object on a line ("{...}{...}", "{...} garbage") would otherwise be dropped silently
    private static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.REJECT_DUPLICATE_KEYS,
            JsonMappers.Option.REJECT_TRAILING_TOKENS);

    /**
     * What a validation pass found.
     *
     * @param samples the samples that passed every check, in file order
     * @param problems every problem, sorted by file then line
     */
    public record Inspection(List<Sample> samples, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private EibenchDataset() {}

    /**
     * Loads one benchmark.
     *
     * @throws DatasetException listing every problem when any check fails
     */
    public static List<Sample> load(Path eibenchDir, Benchmark benchmark) throws DatasetException {
        Inspection inspection = inspect(eibenchDir, benchmark);
        if (!inspection.ok()) {
            throw new DatasetException(inspection.problems());
        }
        return inspection.samples();
    }

    /** Validates one benchmark and returns the good samples together with all problems. Never throws. */
    public static Inspection inspect(Path eibenchDir, Benchmark benchmark) {
        List<Problem> problems = new ArrayList<>();
        List<Sample> samples = switch (benchmark) {
            case BASIC -> loadBasic(eibenchDir, problems);
            case COMPLEX -> loadComplex(eibenchDir, problems);
        };
        problems.sort(Comparator.comparing((Problem p) -> p.file().toString()).thenComparingInt(Problem::line));
        return new Inspection(samples, List.copyOf(problems));
    }

    /** The Basic category of an image key, or empty when its folder is not one of the four. */
    public static Optional<String> basicCategory(String imageKey) {
        return BASIC_CATEGORY_FOLDERS.entrySet().stream()
                .filter(e -> imageKey.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    /** The Complex category (EmoSet folder) of an image key, or empty when it is not an EmoSet emotion folder. */
    public static Optional<String> complexCategory(String imageKey) {
        if (!imageKey.startsWith(EMOSET_PREFIX)) {
            return Optional.empty();
        }
        String rest = imageKey.substring(EMOSET_PREFIX.length());
        int slash = rest.indexOf('/');
        return slash > 0 && COMPLEX_CATEGORIES.contains(rest.substring(0, slash))
                ? Optional.of(rest.substring(0, slash))
                : Optional.empty();
    }

    private record Located(String value, int line) {}

    private static List<Sample> loadBasic(Path dir, List<Problem> problems) {
        Path queriesFile = dir.resolve(BASIC_QUERIES);
        Path truthFile = dir.resolve(BASIC_GROUND_TRUTH);
        Map<String, Located> queries = readQueries(queriesFile, problems);
        Map<String, Located> truths = readGroundTruth(truthFile, problems);
        if (queries == null || truths == null) {
            return List.of();
        }
        List<Sample> samples = new ArrayList<>();
        for (var entry : queries.entrySet()) {
            String key = entry.getKey();
            int line = entry.getValue().line();
            Located truth = truths.get(key);
            Optional<String> category = basicCategory(key);
            boolean good = checkImageKey(queriesFile, line, key, problems)
                    & checkQuestion(queriesFile, line, entry.getValue().value(), problems);
            if (category.isEmpty()) {
                problems.add(new Problem(queriesFile, line, "image '" + key + "' is not in a known Basic category"
                        + " folder " + BASIC_CATEGORY_FOLDERS.keySet()));
                good = false;
            }
            if (truth == null) {
                problems.add(new Problem(queriesFile, line, "query for '" + key + "' has no ground truth in "
                        + BASIC_GROUND_TRUTH));
                continue;
            }
            Optional<List<String>> triggers = parseTriggers(truthFile, truth, problems);
            if (good && triggers.isPresent()) {
                samples.add(new Sample(key, samples.size(), Benchmark.BASIC, key, entry.getValue().value(),
                        truth.value(), triggers.get(), category.get()));
            }
        }
        truths.forEach((key, truth) -> {
            if (!queries.containsKey(key)) {
                problems.add(new Problem(truthFile, truth.line(), "ground truth for '" + key + "' has no query in "
                        + BASIC_QUERIES));
            }
        });
        return samples;
    }

    private static List<Sample> loadComplex(Path dir, List<Problem> problems) {
        Path file = dir.resolve(COMPLEX);
        List<KeyedLine> entries = readOneKeyObjects(file, problems);
        if (entries == null) {
            return List.of();
        }
        List<Sample> samples = new ArrayList<>();
        Map<String, Integer> firstLineOfPair = new HashMap<>();
        Map<String, Integer> questionsPerImage = new HashMap<>();
        for (KeyedLine entry : entries) {
            int line = entry.line();
            String key = entry.key();
            JsonNode inner = entry.value();
            if (!inner.isObject() || inner.size() != 1 || !inner.elements().next().isTextual()) {
                problems.add(new Problem(file, line, "value of '" + key + "' must be a one-key object"
                        + " {\"<question>\": \"<numbered trigger list>\"}"));
                continue;
            }
            String question = inner.fieldNames().next();
            String truth = inner.get(question).asText();
            Integer earlier = firstLineOfPair.putIfAbsent(key + "\n" + question, line);
            if (earlier != null) {
                problems.add(new Problem(file, line, "duplicate question for '" + key + "' (first at line "
                        + earlier + ")"));
                continue;
            }
            boolean good = checkImageKey(file, line, key, problems) & checkQuestion(file, line, question, problems);
            Optional<String> category = complexCategory(key);
            if (category.isEmpty()) {
                problems.add(new Problem(file, line, "image '" + key + "' is not in an EmoSet emotion folder "
                        + EMOSET_PREFIX + "<" + String.join("|", COMPLEX_CATEGORIES.stream().sorted().toList())
                        + ">/"));
                good = false;
            }
            Optional<List<String>> triggers = parseTriggers(file, new Located(truth, line), problems);
            int number = questionsPerImage.merge(key, 1, Integer::sum);
            if (good && triggers.isPresent()) {
                samples.add(new Sample(key + "#" + number, samples.size(), Benchmark.COMPLEX, key, question, truth,
                        triggers.get(), category.get()));
            }
        }
        return samples;
    }

    /** Reads user.jsonl: image key to (question, line). Null when the file is unreadable. */
    private static Map<String, Located> readQueries(Path file, List<Problem> problems) {
        List<KeyedLine> entries = readOneKeyObjects(file, problems);
        if (entries == null) {
            return null;
        }
        Map<String, Located> queries = new LinkedHashMap<>();
        for (KeyedLine entry : entries) {
            int line = entry.line();
            String key = entry.key();
            JsonNode value = entry.value();
            if (!value.isTextual()) {
                problems.add(new Problem(file, line, "question for '" + key + "' must be a string"));
                continue;
            }
            Located earlier = queries.putIfAbsent(key, new Located(value.asText(), line));
            if (earlier != null) {
                problems.add(new Problem(file, line, "duplicate image path '" + key + "' (first at line "
                        + earlier.line() + ")"));
            }
        }
        return queries;
    }

    /** One line of a JSON-lines annotation file: {@code {"<key>": <value>}}. */
    private record KeyedLine(int line, String key, JsonNode value) {}

    /**
     * The one-key objects of a JSON-lines file (user.jsonl, ec_complex.jsonl) with their line numbers; blank lines are
     * skipped, and lines that are not UTF-8 or not a one-key object are reported and skipped. Null when the file is
     * unreadable.
     */
    private static List<KeyedLine> readOneKeyObjects(Path file, List<Problem> problems) {
        StrictUtf8.Lines lines = StrictUtf8.read(file, problems);
        if (lines == null) {
            return null;
        }
        List<KeyedLine> entries = new ArrayList<>();
        for (int i = 0; i < lines.lines().size(); i++) {
            int line = i + 1;
            String text = lines.lines().get(i);
            if (text.isBlank() || lines.isBad(line)) {
                continue;
            }
            JsonNode node = parseOneKeyObject(file, line, text, problems);
            if (node != null) {
                String key = node.fieldNames().next();
                entries.add(new KeyedLine(line, key, node.get(key)));
            }
        }
        return entries;
    }

    /** Reads basic_ground_truth.json with a streaming parser so every key keeps its line number. */
    private static Map<String, Located> readGroundTruth(Path file, List<Problem> problems) {
        StrictUtf8.Lines lines = StrictUtf8.read(file, problems);
        if (lines == null) {
            return null;
        }
        Map<String, Located> truths = new LinkedHashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(lines.joined())) {
            parser.disable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION); // reported below with both lines
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                problems.add(new Problem(file, line(parser.currentTokenLocation()),
                        "expected one JSON object {\"<image path>\": \"<numbered trigger list>\", ...}"));
                return truths;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                int line = line(parser.currentTokenLocation());
                JsonToken value = parser.nextToken();
                if (value != JsonToken.VALUE_STRING) {
                    problems.add(new Problem(file, line, "ground truth for '" + key + "' must be a string"));
                    parser.skipChildren();
                    continue;
                }
                Located earlier = truths.putIfAbsent(key, new Located(parser.getText(), line));
                if (earlier != null) {
                    problems.add(new Problem(file, line, "duplicate image path '" + key + "' (first at line "
                            + earlier.line() + ")"));
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                problems.add(new Problem(file, line(parser.currentTokenLocation()),
                        "unexpected content after the ground-truth object"));
            }
        } catch (JsonProcessingException e) {
            problems.add(new Problem(file, line(e.getLocation()), "malformed JSON: " + e.getOriginalMessage()));
        } catch (IOException e) {
            problems.add(new Problem(file, 0, "cannot parse: " + e));
        }
        return truths;
    }

    /** Parses one JSONL line that must be an object with exactly one key; null (and a problem) otherwise. */
    private static JsonNode parseOneKeyObject(Path file, int line, String text, List<Problem> problems) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new Problem(file, line, "malformed JSON: " + e.getOriginalMessage()));
            return null;
        }
        if (node == null || !node.isObject() || node.size() != 1) {
            problems.add(new Problem(file, line, "expected a one-key JSON object {\"<image path>\": ...}, got "
                    + (node == null ? "nothing" : node.isObject() ? node.size() + " keys" : node.getNodeType())));
            return null;
        }
        return node;
    }

    private static boolean checkImageKey(Path file, int line, String key, List<Problem> problems) {
        Optional<String> bad = ImageResolver.checkKey(key);
        bad.ifPresent(reason -> problems.add(new Problem(file, line, reason)));
        return bad.isEmpty();
    }

    private static boolean checkQuestion(Path file, int line, String question, List<Problem> problems) {
        if (question.isBlank()) {
            problems.add(new Problem(file, line, "question is empty"));
            return false;
        }
        return true;
    }

    private static Optional<List<String>> parseTriggers(Path file, Located truth, List<Problem> problems) {
        Optional<List<String>> triggers = TriggerList.parse(truth.value());
        if (triggers.isEmpty()) {
            String start = truth.value().length() > 40 ? truth.value().substring(0, 40) + "…" : truth.value();
            problems.add(new Problem(file, truth.line(), "ground truth is not a numbered trigger list"
                    + " (\"1. …\\n2. …\", numbered from 1 in order): \"" + start.replace("\n", "\\n") + "\""));
        }
        return triggers;
    }

    private static int line(JsonLocation location) {
        return location == null ? 0 : Math.max(location.getLineNr(), 0);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
