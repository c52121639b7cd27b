package org.eibench.engine.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.eibench.engine.dataset.Benchmark;
import org.eibench.models.json.JsonMappers;

/**
 * The modes and personas, loaded from JSON resource files (schema: README.md next to the files in
 * {@code org/eibench/engine/prompts/}).
 *
 * <pre>{@code
 * PromptBook book = PromptBook.load(Optional.of(Path.of("my-prompts")));  // or PromptBook.builtIn()
 * Mode cfsa = book.mode("cfsa");
 * List<String> problems = book.validate();
 * }</pre>
 *
 * <p>An extra folder (like lm-eval's {@code include_path}) uses the same layout: a file there replaces the
 * built-in file with the same relative path, and any {@code modes/*.json} or {@code personas/*.json} it holds
 * adds a mode or persona.
 */
public final class PromptBook {
    /** Classpath folder of the built-in prompt files. */
    public static final String RESOURCE_ROOT = "/org/eibench/engine/prompts/";

    private static final ObjectMapper JSON = JsonMappers.create(JsonMappers.Option.REJECT_DUPLICATE_KEYS);
    private static final Set<String> MODE_FIELDS =
            Set.of("id", "version", "description", "source", "reference", "answer", "steps");
    private static final Set<String> STAGE_FIELDS = Set.of("id", "version", "description", "source", "steps");
    private static final Set<String> STEP_FIELDS = Set.of("id", "role", "image", "max_tokens", "template",
            "benchmark_templates", "output", "parse", "max_items", "for_each", "comment");
    private static final Set<String> FOR_EACH_FIELDS = Set.of("items", "list", "as", "join");
    private static final Set<String> PERSONA_FIELDS =
            Set.of("id", "version", "description", "source", "placement", "text");
    private static final Set<String> INDEX_FIELDS = Set.of("version", "modes", "personas", "comment");

    private final Map<String, Mode> modes;
    private final Map<String, Persona> personas;
    private final Map<String, String> fileHashes;

    private PromptBook(Map<String, Mode> modes, Map<String, Persona> personas, Map<String, String> fileHashes) {
        this.modes = modes;
        this.personas = personas;
        this.fileHashes = fileHashes;
    }

    /** The built-in prompt files only. */
    public static PromptBook builtIn() {
        return load(Optional.empty());
    }

    /**
     * Loads the built-in files, overridden and extended by {@code userDir} when given.
     *
     * @throws PromptException naming the file and field of the first malformed entry
     */
    public static PromptBook load(Optional<Path> userDir) {
        Files files = new Files(userDir);
        JsonNode index = files.json("index.json");
        checkFields(index, INDEX_FIELDS, "index.json");
        Set<String> modeIds = new LinkedHashSet<>(strings(index, "modes", "index.json"));
        Set<String> personaIds = new LinkedHashSet<>(strings(index, "personas", "index.json"));
        userDir.ifPresent(dir -> {
            modeIds.addAll(files.userIds(dir.resolve("modes")));
            personaIds.addAll(files.userIds(dir.resolve("personas")));
        });
        Map<String, Mode> modes = new LinkedHashMap<>();
        for (String id : modeIds) {
            modes.put(id, readMode(id, files));
        }
        Map<String, Persona> personas = new LinkedHashMap<>();
        for (String id : personaIds) {
            personas.put(id, readPersona(id, files));
        }
        return new PromptBook(modes, personas, new TreeMap<>(files.hashes));
    }

    public List<String> modeIds() {
        return List.copyOf(modes.keySet());
    }

    public List<String> personaIds() {
        return List.copyOf(personas.keySet());
    }

    /** A mode by id; an unknown id fails with the known ones. */
    public Mode mode(String id) {
        Mode mode = modes.get(id);
        if (mode == null) {
            throw new PromptException("unknown mode '" + id + "'; known modes: " + String.join(", ", modes.keySet()));
        }
        return mode;
    }

    /** A persona by id; an unknown id fails with the known ones. */
    public Persona persona(String id) {
        Persona persona = personas.get(id);
        if (persona == null) {
            throw new PromptException("unknown persona '" + id + "'; known personas: "
                    + String.join(", ", personas.keySet()));
        }
        return persona;
    }

    /** SHA-256 of every file read, by relative path (recorded in run.json so a run names its exact prompts). */
    public Map<String, String> fileHashes() {
        return fileHashes;
    }

    /** One SHA-256 over all files read. */
    public String fingerprint() {
        MessageDigest sha = sha256();
        fileHashes.forEach((path, hash) -> sha.update((path + "=" + hash + "\n").getBytes(StandardCharsets.UTF_8)));
        return HexFormat.of().formatHex(sha.digest());
    }

    /**
     * Checks that every placeholder of every template, for every benchmark, is produced before it is used, that
     * fan-outs iterate over lists, that the answer variable exists and that persona texts have no placeholders.
     *
     * @return the problems, empty when the book is consistent
     */
    public List<String> validate() {
        List<String> problems = new ArrayList<>();
        for (Mode mode : modes.values()) {
            for (Benchmark benchmark : Benchmark.values()) {
                validateMode(mode, benchmark, problems);
            }
        }
        for (Persona persona : personas.values()) {
            Set<String> used = new Template("personas/" + persona.id() + ".json#text", persona.text()).placeholders();
            if (!used.isEmpty()) {
                problems.add("personas/" + persona.id() + ".json: persona text may not have placeholders, found "
                        + used);
            }
        }
        return List.copyOf(new LinkedHashSet<>(problems));
    }

    private static void validateMode(Mode mode, Benchmark benchmark, List<String> problems) {
        Set<String> available = new LinkedHashSet<>(Mode.SAMPLE_VARIABLES);
        Set<String> lists = new LinkedHashSet<>();
        Set<String> stepIds = new LinkedHashSet<>();
        for (Step step : mode.steps()) {
            Template template = step.templateFor(benchmark);
            if (!stepIds.add(step.id())) {
                problems.add(template.name() + ": step id '" + step.id() + "' is used twice in mode " + mode.id());
            }
            Set<String> visible = new LinkedHashSet<>(available);
            if (step.forEach().isPresent()) {
                FanOut fan = step.forEach().get();
                visible.add(fan.itemVariable());
                if (fan.listVariable() != null && !lists.contains(fan.listVariable())) {
                    problems.add(template.name() + ": for_each list '" + fan.listVariable() + "' is not the output"
                            + " of an earlier numbered_list step");
                }
                for (String p : fan.join().placeholders()) {
                    if (!FanOut.JOIN_PLACEHOLDERS.contains(p)) {
                        problems.add(fan.join().name() + ": {" + p + "} is not available in a join; use "
                                + FanOut.JOIN_PLACEHOLDERS);
                    }
                }
            }
            for (String p : template.placeholders()) {
                if (!visible.contains(p)) {
                    problems.add(template.name() + " (" + benchmark.id() + "): {" + p + "} is not produced by an"
                            + " earlier step of mode " + mode.id() + "; available: " + visible);
                }
            }
            if (!available.add(step.output())) {
                problems.add(template.name() + ": output '" + step.output() + "' overwrites an earlier variable");
            }
            if (step.parse() == OutputFormat.NUMBERED_LIST) {
                lists.add(step.output());
            }
        }
        if (!available.contains(mode.answerVariable())) {
            problems.add("modes/" + mode.id() + ".json: answer '" + mode.answerVariable() + "' is not produced by"
                    + " any step");
        }
    }

    private static Mode readMode(String id, Files files) {
        String file = "modes/" + id + ".json";
        JsonNode node = files.json(file);
        checkFields(node, MODE_FIELDS, file);
        checkId(node, id, file);
        List<Step> steps = new ArrayList<>();
        List<String> used = new ArrayList<>(List.of(file));
        for (JsonNode entry : array(node, "steps", file)) {
            if (entry.has("include")) {
                checkFields(entry, Set.of("include"), file);
                String stageFile = entry.get("include").asText();
                JsonNode stage = files.json(stageFile);
                checkFields(stage, STAGE_FIELDS, stageFile);
                intField(stage, "version", stageFile);
                used.add(stageFile);
                for (JsonNode s : array(stage, "steps", stageFile)) {
                    steps.add(readStep(s, stageFile));
                }
            } else {
                steps.add(readStep(entry, file));
            }
        }
        String answer = node.has("answer") ? node.get("answer").asText() : steps.getLast().output();
        return new Mode(id, intField(node, "version", file), text(node, "description", file, ""), steps, answer, used,
                referenceBenchmarks(node, file));
    }

    /** The mode's optional {@code reference}: the benchmarks for which the reference code has this mode. */
    private static Set<Benchmark> referenceBenchmarks(JsonNode node, String file) {
        if (!node.has("reference")) {
            return Set.of();
        }
        JsonNode v = node.get("reference");
        if (!v.isArray()) {
            throw new PromptException(file + ": field \"reference\" must be an array of benchmarks (basic, complex)");
        }
        Set<Benchmark> out = EnumSet.noneOf(Benchmark.class);
        for (JsonNode b : v) {
            try {
                out.add(Benchmark.fromId(b.asText()));
            } catch (IllegalArgumentException e) {
                throw new PromptException(file + ": \"reference\" holds '" + b.asText() + "'; use basic and/or"
                        + " complex");
            }
        }
        return out;
    }

    private static Step readStep(JsonNode node, String file) {
        String where = file + "#" + text(node, "id", file, null);
        checkFields(node, STEP_FIELDS, where);
        String id = text(node, "id", file, null);
        Template template = new Template(where, text(node, "template", where, null));
        Map<Benchmark, Template> perBenchmark = new EnumMap<>(Benchmark.class);
        if (node.has("benchmark_templates")) {
            node.get("benchmark_templates").properties().forEach(e -> {
                Benchmark b;
                try {
                    b = Benchmark.fromId(e.getKey());
                } catch (IllegalArgumentException ex) {
                    throw new PromptException(where + ": benchmark_templates: " + ex.getMessage());
                }
                perBenchmark.put(b, new Template(where + "[" + b.id() + "]", e.getValue().asText()));
            });
        }
        Optional<FanOut> forEach = Optional.empty();
        if (node.has("for_each")) {
            JsonNode fe = node.get("for_each");
            checkFields(fe, FOR_EACH_FIELDS, where + ".for_each");
            List<String> items = fe.has("items") ? strings(fe, "items", where + ".for_each") : List.of();
            String list = fe.has("list") ? fe.get("list").asText() : null;
            forEach = Optional.of(new FanOut(items, list, text(fe, "as", where + ".for_each", null),
                    new Template(where + ".join", text(fe, "join", where + ".for_each", null))));
        }
        return new Step(id,
                Role.fromId(text(node, "role", where, "vlm"), where),
                node.has("image") ? node.get("image").asBoolean() : true,
                node.has("max_tokens") ? node.get("max_tokens").asInt() : 512,
                template,
                perBenchmark,
                text(node, "output", where, id),
                OutputFormat.fromId(text(node, "parse", where, "text"), where),
                node.has("max_items") ? node.get("max_items").asInt() : Integer.MAX_VALUE,
                forEach);
    }

    private static Persona readPersona(String id, Files files) {
        String file = "personas/" + id + ".json";
        JsonNode node = files.json(file);
        checkFields(node, PERSONA_FIELDS, file);
        checkId(node, id, file);
        String placement = text(node, "placement", file, "sentence");
        Persona.Placement p = switch (placement) {
            case "sentence" -> Persona.Placement.SENTENCE;
            case "system" -> Persona.Placement.SYSTEM;
            case "prefix" -> Persona.Placement.PREFIX;
            default -> throw new PromptException(file + ": placement must be \"sentence\", \"system\" or \"prefix\","
                    + " got \"" + placement + "\"");
        };
        return new Persona(id, intField(node, "version", file), p, text(node, "text", file, null),
                text(node, "description", file, ""));
    }

    private static void checkId(JsonNode node, String id, String file) {
        String declared = text(node, "id", file, null);
        if (!declared.equals(id)) {
            throw new PromptException(file + ": \"id\" is \"" + declared + "\" but the file name says \"" + id
                    + "\"; they must match");
        }
    }

    private static void checkFields(JsonNode node, Set<String> allowed, String where) {
        if (!node.isObject()) {
            throw new PromptException(where + ": expected a JSON object");
        }
        node.fieldNames().forEachRemaining(f -> {
            if (!allowed.contains(f)) {
                throw new PromptException(where + ": unknown field \"" + f + "\"; allowed: "
                        + new java.util.TreeSet<>(allowed));
            }
        });
    }

    private static String text(JsonNode node, String field, String where, String fallback) {
        JsonNode v = node.get(field);
        if (v == null) {
            if (fallback == null) {
                throw new PromptException(where + ": missing field \"" + field + "\"");
            }
            return fallback;
        }
        if (!v.isTextual()) {
            throw new PromptException(where + ": field \"" + field + "\" must be a string");
        }
        return v.asText();
    }

    private static int intField(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isInt() || v.asInt() < 1) {
            throw new PromptException(where + ": field \"" + field + "\" must be a whole number of at least 1");
        }
        return v.asInt();
    }

    private static List<JsonNode> array(JsonNode node, String field, String where) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray() || v.isEmpty()) {
            throw new PromptException(where + ": field \"" + field + "\" must be a non-empty array");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    private static List<String> strings(JsonNode node, String field, String where) {
        List<String> out = new ArrayList<>();
        for (JsonNode v : array(node, field, where)) {
            if (!v.isTextual()) {
                throw new PromptException(where + ": \"" + field + "\" must hold strings");
            }
            out.add(v.asText());
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    /** Reads prompt files from the user folder first, then the classpath, and remembers their hashes. */
    private static final class Files {
        private final Optional<Path> userDir;
        private final Map<String, String> hashes = new LinkedHashMap<>();

        Files(Optional<Path> userDir) {
            this.userDir = userDir;
            userDir.ifPresent(dir -> {
                if (!java.nio.file.Files.isDirectory(dir)) {
                    throw new PromptException("--prompts " + dir + " is not a folder");
                }
            });
        }

        JsonNode json(String relative) {
            if (relative.contains("..") || relative.startsWith("/")) {
                throw new PromptException("prompt file '" + relative + "' must be a relative path inside the prompts"
                        + " folder");
            }
            byte[] bytes = read(relative);
            hashes.put(relative, HexFormat.of().formatHex(sha256().digest(bytes)));
            try {
                return JSON.readTree(bytes);
            } catch (IOException e) {
                throw new PromptException(relative + ": malformed JSON: " + e.getMessage(), e);
            }
        }

        private byte[] read(String relative) {
            try {
                if (userDir.isPresent()) {
                    Path p = userDir.get().resolve(relative);
                    if (java.nio.file.Files.exists(p)) {
                        return org.eibench.engine.dataset.InputFiles.readText(p, "the prompt file");
                    }
                }
                try (InputStream in = PromptBook.class.getResourceAsStream(RESOURCE_ROOT + relative)) {
                    if (in == null) {
                        throw new PromptException("prompt file '" + relative + "' not found"
                                + userDir.map(d -> " in " + d + " nor").orElse("") + " among the built-in prompts");
                    }
                    return in.readAllBytes();
                }
            } catch (IOException e) {
                throw new PromptException("cannot read prompt file " + relative + ": " + e.getMessage(), e);
            }
        }

        List<String> userIds(Path folder) {
            List<String> ids = new ArrayList<>();
            if (!java.nio.file.Files.isDirectory(folder)) {
                return ids;
            }
            try (DirectoryStream<Path> stream = java.nio.file.Files.newDirectoryStream(folder, "*.json")) {
                stream.forEach(p -> ids.add(p.getFileName().toString().replaceFirst("\\.json$", "")));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list " + folder, e);
            }
            ids.sort(null);
            return ids;
        }
    }
}
