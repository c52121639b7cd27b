package org.eibench.models.chat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.models.json.JsonMappers;

/**
 * A registry of chat templates loaded from data files, one JSON {@link ChatTemplateSpec} per template. The
 * built-in set reproduces llama.cpp's built-in formats ({@code llm_chat_apply_template}) byte for byte.
 *
 * <pre>{@code
 * ChatTemplate vicuna = ChatTemplates.builtIn().get("vicuna");
 * String prompt = vicuna.render(List.of(ChatMessage.user("<__media__>Describe the image.")), true);
 * // "USER: <__media__>Describe the image.\nASSISTANT:"
 * ChatTemplate forModel = ChatTemplates.builtIn().detect(GgufFile.read(modelPath));
 * }</pre>
 *
 * <p>Like lm-evaluation-harness's registry: registering a name twice fails, and an unknown name fails with the
 * closest known names. A built registry is immutable and thread-safe.
 */
public final class ChatTemplates {
    /** The template used for a LLaVA-1.5 (architecture {@code llama}) model whose GGUF has no chat template. */
    public static final String LLAVA_15_FALLBACK = "vicuna";
    private static final String BUILT_IN_DIR = "templates/";
    private static final ObjectMapper JSON = JsonMappers.create();

    private static final class BuiltIn {
        static final ChatTemplates INSTANCE = loadBuiltIn();
    }

    private final Map<String, DataChatTemplate> templates;

    private ChatTemplates(Map<String, DataChatTemplate> templates) {
        this.templates = Collections.unmodifiableMap(new LinkedHashMap<>(templates));
    }

    /** The templates shipped in this module's resources ({@code templates/index.txt}). */
    public static ChatTemplates builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** A builder starting empty; see {@link Builder#addBuiltIns()} and {@link Builder#addDirectory(Path)}. */
    public static Builder builder() {
        return new Builder();
    }

    /** The registered names, sorted. */
    public SortedSet<String> names() {
        return Collections.unmodifiableSortedSet(new TreeSet<>(templates.keySet()));
    }

    public Optional<ChatTemplate> find(String name) {
        return Optional.ofNullable(templates.get(name));
    }

    /**
     * The template of that name.
     *
     * @throws UnknownChatTemplateException naming close matches and all known templates
     */
    public ChatTemplate get(String name) {
        ChatTemplate t = templates.get(name);
        if (t == null) {
            List<String> close = closeMatches(name, templates.keySet());
            throw new UnknownChatTemplateException("unknown chat template '" + name + "'"
                    + (close.isEmpty() ? "" : "; did you mean " + String.join(" or ", close) + "?")
                    + " Known templates: " + String.join(", ", names()), close);
        }
        return t;
    }

    /** A one-line description of a registered template (what models use it). */
    public String description(String name) {
        return ((DataChatTemplate) get(name)).description();
    }

    /**
     * Whether a registered template reproduces one of llama.cpp's built-in formats byte for byte (the LLaVA
     * conversation templates reproduce LLaVA's conversation.py instead).
     */
    public boolean reproducesLlamaCpp(String name) {
        return ((DataChatTemplate) get(name)).llamaCppName() != null;
    }

    /**
     * For a LLaVA conversation template, the reference's stop string ({@code sep2} for style two, else {@code sep};
     * empty means none); empty for the llama.cpp-style templates.
     */
    public Optional<String> referenceStop(String name) {
        return ((DataChatTemplate) get(name)).referenceStop();
    }

    /**
     * The template llama.cpp would pick for this Jinja text, if this registry has it. A text equal to a registered
     * name is that template (as in llama.cpp). {@code architecture} is unused by the heuristics and kept for the
     * fallback rule of {@link #detect(GgufFile)}; it may be {@code null}.
     */
    public Optional<ChatTemplate> detect(String jinjaTemplate, String architecture) {
        if (templates.containsKey(jinjaTemplate)) {
            return Optional.of(templates.get(jinjaTemplate));
        }
        return ChatTemplateDetection.llamaCppName(jinjaTemplate).flatMap(this::byLlamaCppName);
    }

    /** llama.cpp's built-in name for a Jinja template (any of its built-ins, registered here or not). */
    public static Optional<String> llamaCppName(String jinjaTemplate) {
        return ChatTemplateDetection.llamaCppName(jinjaTemplate);
    }

    /**
     * The template for a model file: detected from {@code tokenizer.chat_template}; for a file without one and
     * architecture {@code llama} (LLaVA-1.5 conversions carry none), {@value #LLAVA_15_FALLBACK}.
     *
     * @throws IllegalArgumentException when the template is not recognised or not registered; the message names
     *     the file and the known templates to pass instead
     */
    public ChatTemplate detect(GgufFile model) {
        Optional<String> jinja = model.chatTemplate();
        if (jinja.isEmpty()) {
            if ("llama".equals(model.architecture()) && templates.containsKey(LLAVA_15_FALLBACK)) {
                return templates.get(LLAVA_15_FALLBACK);
            }
            throw new IllegalArgumentException(model.path() + " has no tokenizer.chat_template (architecture '"
                    + model.architecture() + "'); name one with --chat-template, known: " + String.join(", ", names()));
        }
        Optional<ChatTemplate> found = detect(jinja.get(), model.architecture());
        if (found.isPresent()) {
            return found.get();
        }
        Optional<String> llamaCpp = ChatTemplateDetection.llamaCppName(jinja.get());
        throw new IllegalArgumentException(model.path() + ": "
                + llamaCpp.map(n -> "its chat template is llama.cpp's '" + n + "', which this registry has no data for")
                        .orElse("llama.cpp recognises none of its built-in formats in its chat template")
                + "; name one with --chat-template, known: " + String.join(", ", names()));
    }

    private Optional<ChatTemplate> byLlamaCppName(String llamaCppName) {
        // the canonical template (named like llama.cpp's) wins over aliases that share its rules
        DataChatTemplate canonical = templates.get(llamaCppName);
        if (canonical != null && llamaCppName.equals(canonical.llamaCppName())) {
            return Optional.of(canonical);
        }
        return templates.values().stream().filter(t -> llamaCppName.equals(t.llamaCppName()))
                .<ChatTemplate>map(t -> t).findFirst();
    }

    /** Known names similar to {@code name}, best first (edit-distance ratio at least 0.6, like difflib). */
    static List<String> closeMatches(String name, Iterable<String> known) {
        List<Map.Entry<String, Double>> scored = new ArrayList<>();
        for (String k : known) {
            double ratio = similarity(name.toLowerCase(java.util.Locale.ROOT), k);
            if (ratio >= 0.6 || (!name.isEmpty() && k.startsWith(name.toLowerCase(java.util.Locale.ROOT)))) {
                scored.add(Map.entry(k, ratio));
            }
        }
        scored.sort(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()));
        return scored.stream().limit(3).map(Map.Entry::getKey).toList();
    }

    private static double similarity(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        int longest = Math.max(a.length(), b.length());
        return longest == 0 ? 1.0 : 1.0 - (double) prev[b.length()] / longest;
    }

    private static ChatTemplates loadBuiltIn() {
        return builder().addBuiltIns().build();
    }

    /** Collects template specs; {@link #build()} resolves aliases and checks every template. Not thread-safe. */
    public static final class Builder {
        private final Map<String, ChatTemplateSpec> specs = new LinkedHashMap<>();
        private final Map<String, String> sources = new LinkedHashMap<>();

        private Builder() {}

        /** Adds the templates listed in this module's {@code templates/index.txt}. */
        public Builder addBuiltIns() {
            for (String name : readIndex()) {
                String resource = BUILT_IN_DIR + name + ".json";
                try (InputStream in = ChatTemplates.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("templates/index.txt lists '" + name + "' but " + resource
                                + " is missing");
                    }
                    add(JSON.readValue(in, ChatTemplateSpec.class), "classpath:" + resource);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read built-in chat template " + resource, e);
                }
            }
            return this;
        }

        /** Adds every {@code *.json} template in a folder (like lm-eval's include_path). */
        public Builder addDirectory(Path dir) throws IOException {
            List<Path> files = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.json")) {
                ds.forEach(files::add);
            }
            Collections.sort(files);
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    add(JSON.readValue(in, ChatTemplateSpec.class), f.toString());
                }
            }
            return this;
        }

        /**
         * Adds one template.
         *
         * @throws IllegalArgumentException when the name is missing or already registered
         */
        public Builder add(ChatTemplateSpec spec, String source) {
            if (spec.name() == null || spec.name().isBlank()) {
                throw new IllegalArgumentException(source + ": chat template has no name");
            }
            String earlier = sources.putIfAbsent(spec.name(), source);
            if (earlier != null) {
                throw new IllegalArgumentException("chat template '" + spec.name() + "' from " + source
                        + " is already registered from " + earlier + "; rename one of them");
            }
            specs.put(spec.name(), spec);
            return this;
        }

        public ChatTemplates build() {
            Map<String, DataChatTemplate> built = new LinkedHashMap<>();
            for (ChatTemplateSpec spec : specs.values()) {
                ChatTemplateSpec rules = spec;
                if (spec.sameAs() != null) {
                    rules = specs.get(spec.sameAs());
                    if (rules == null || rules.sameAs() != null) {
                        throw new IllegalArgumentException(sources.get(spec.name()) + ": alias '" + spec.name()
                                + "' names '" + spec.sameAs() + "', which is not a registered template with rules");
                    }
                }
                built.put(spec.name(), new DataChatTemplate(spec.name(), spec.description(), rules,
                        sources.get(spec.name())));
            }
            return new ChatTemplates(built);
        }

        private static List<String> readIndex() {
            String resource = BUILT_IN_DIR + "index.txt";
            try (InputStream in = ChatTemplates.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalStateException("resource " + resource + " is missing next to " + ChatTemplates.class);
                }
                return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                        .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
            }
        }
    }
}
