package org.eibench.models.chat;

import org.eibench.models.json.JsonMappers;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.MalformedGgufException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which chat template a model's prompts are rendered with: the one policy of the answer model ({@code eibench run},
 * {@code generate}) and the judge ({@code eibench score}).
 *
 * <ol>
 *   <li>A template named explicitly ({@code --chat-template}) wins.</li>
 *   <li>A LLaVA-class model gets the reference's template: the EIBench scripts pick a LLaVA
 *       {@code conv_mode} from the model name ({@code reference-conv-mode.json}: 'llama-2', 'mistral', 'v1.6-34b',
 *       'v1', 'mpt', else llava_v0). The name tried is the GGUF file name, then its folder's name, then
 *       {@code general.name}: the first that one of the rule's patterns matches; when none does, the rule's
 *       fallback. LLaVA-class means: the mmproj's {@code clip.projector_type} is one of LLaVA's projectors
 *       (mlp, mlp_norm, ldp, ldpv2) or one of those names contains "llava".</li>
 *   <li>Any other model (a Llama-3 judge, Qwen2-VL, …) keeps llama.cpp-compatible detection
 *       ({@link ChatTemplates#detect(GgufFile)}); when that recognises nothing, the model's own
 *       {@code tokenizer.chat_template} is rendered by llama.cpp ({@link Choice#template()} is empty).</li>
 * </ol>
 *
 * <pre>{@code
 * ChatTemplatePolicy.Choice choice = ChatTemplatePolicy.builtIn().choose(model, mmproj, null);
 * // llava-v1.5-7b-f16.gguf: llava_v1, "LLaVA-class model (mmproj projector mlp); reference rule: file name ..."
 * }</pre>
 */
public final class ChatTemplatePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(ChatTemplatePolicy.class);
    private static final String RULE_RESOURCE = "reference-conv-mode.json";
    /** What {@link Choice#name()} says when the model's own template is rendered by llama.cpp. */
    public static final String MODEL_OWN = "gguf:tokenizer.chat_template";

    /**
     * The chosen template.
     *
     * @param template the template to render with; empty: the model's own template, rendered by llama.cpp
     * @param name the template's name ({@value #MODEL_OWN} when empty)
     * @param reason why, in one sentence (which name matched which pattern), for the log and run.json
     */
    public record Choice(Optional<ChatTemplate> template, String name, String reason) {
        public Choice {
            Objects.requireNonNull(template, "template");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * What the choice looks at.
     *
     * @param fileName the GGUF's file name
     * @param folderName its folder's name, or null
     * @param generalName {@code general.name}, or null
     * @param projectorType the mmproj's {@code clip.projector_type}, or null (no mmproj, or none stored)
     */
    public record ModelNames(String fileName, String folderName, String generalName, String projectorType) {
        /** The names in the order the rule tries them, each with what it is; absent ones left out. */
        List<NamedAs> inOrder() {
            List<NamedAs> names = new ArrayList<>(3);
            for (NamedAs n : new NamedAs[] {new NamedAs("file name", fileName), new NamedAs("folder name", folderName),
                    new NamedAs("general.name", generalName)}) {
                if (n.value() != null) {
                    names.add(n);
                }
            }
            return names;
        }
    }

    /** One of a model's names and what it is ("file name", "folder name", "general.name"). */
    private record NamedAs(String what, String value) {}

    private record Rule(String contains, String template) {}

    private record LlavaClass(String comment, List<String> projectorTypes, List<String> nameMarkers) {}

    private record RuleFile(String source, List<Rule> rules, String fallback, LlavaClass llavaClass) {}

    private static final class BuiltIn {
        static final ChatTemplatePolicy INSTANCE = new ChatTemplatePolicy(ChatTemplates.builtIn(), loadRule());
    }

    private final ChatTemplates registry;
    private final RuleFile rule;

    private ChatTemplatePolicy(ChatTemplates registry, RuleFile rule) {
        this.registry = registry;
        this.rule = rule;
        for (String name : templateNames(rule)) {
            registry.get(name); // every template the rule names must exist: fail at start, not mid-run
        }
    }

    /** The policy over the built-in templates. */
    public static ChatTemplatePolicy builtIn() {
        return BuiltIn.INSTANCE;
    }

    /** The policy over another registry (which must hold the templates the reference rule names). */
    public static ChatTemplatePolicy over(ChatTemplates registry) {
        return new ChatTemplatePolicy(registry, loadRule());
    }

    /**
     * The template for a model file.
     *
     * @param model the text model GGUF
     * @param mmproj its mmproj, or null
     * @param explicit a template name given by the user, or null
     * @throws UnknownChatTemplateException when {@code explicit} names no template
     * @throws IllegalArgumentException when a file is not a readable GGUF (the message names it)
     */
    public Choice choose(Path model, Path mmproj, String explicit) throws IOException {
        Choice choice = explicit != null ? choose((ModelNames) null, null, explicit) : chooseFromFiles(model, mmproj);
        LOG.info("chat template {} for {}: {}", choice.name(), model.getFileName(), choice.reason());
        return choice;
    }

    private Choice chooseFromFiles(Path model, Path mmproj) throws IOException {
        GgufFile gguf = readGguf(model);
        String projector = mmproj == null ? null : readGguf(mmproj).getString("clip.projector_type").orElse(null);
        Path folder = model.toAbsolutePath().getParent();
        ModelNames names = new ModelNames(model.getFileName().toString(),
                folder == null || folder.getFileName() == null ? null : folder.getFileName().toString(),
                gguf.getString("general.name").orElse(null), projector);
        return choose(names, () -> detect(gguf), null);
    }

    private static GgufFile readGguf(Path file) throws IOException {
        try {
            return GgufFile.read(file);
        } catch (MalformedGgufException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Today's llama.cpp-compatible detection, as a choice; empty template when nothing is recognised. */
    private Choice detect(GgufFile gguf) {
        try {
            ChatTemplate t = registry.detect(gguf);
            String how = gguf.chatTemplate().isPresent()
                    ? "detected from its tokenizer.chat_template"
                    : "architecture " + gguf.architecture() + " without a tokenizer.chat_template";
            return new Choice(Optional.of(t), t.name(), how);
        } catch (IllegalArgumentException undetected) {
            return new Choice(Optional.empty(), gguf.chatTemplate().isPresent() ? MODEL_OWN : "none",
                    gguf.chatTemplate().isPresent()
                            ? "its tokenizer.chat_template is none of this project's templates, so llama.cpp renders it"
                            : "it has no tokenizer.chat_template; pass --chat-template");
        }
    }

    /**
     * The choice for what is known about a model (the rule without reading files).
     *
     * @param names the model's names; may be null when {@code explicit} is given
     * @param detected today's detection for a model the reference rule does not know
     * @param explicit a template name given by the user, or null
     */
    public Choice choose(ModelNames names, Supplier<Choice> detected, String explicit) {
        if (explicit != null) {
            return new Choice(Optional.of(registry.get(explicit)), explicit, "named by --chat-template");
        }
        Objects.requireNonNull(names, "names");
        Optional<String> llava = llavaEvidence(names);
        if (llava.isEmpty()) {
            Choice d = detected.get();
            return new Choice(d.template(), d.name(), "not a LLaVA-class model (" + describe(names) + "): "
                    + d.reason());
        }
        for (NamedAs candidate : names.inOrder()) {
            String lower = candidate.value().toLowerCase(Locale.ROOT);
            for (Rule r : rule.rules()) {
                if (lower.contains(r.contains())) {
                    return new Choice(Optional.of(registry.get(r.template())), r.template(), "LLaVA-class model ("
                            + llava.get() + "); the reference's conv_mode rule: " + candidate.what() + " '"
                            + candidate.value() + "' contains '" + r.contains() + "'");
                }
            }
        }
        return new Choice(Optional.of(registry.get(rule.fallback())), rule.fallback(), "LLaVA-class model ("
                + llava.get() + "); the reference's conv_mode rule: no pattern matches " + describe(names)
                + ", so its fallback");
    }

    private Optional<String> llavaEvidence(ModelNames names) {
        if (names.projectorType() != null && rule.llavaClass().projectorTypes().contains(names.projectorType())) {
            return Optional.of("mmproj projector type " + names.projectorType());
        }
        for (String marker : rule.llavaClass().nameMarkers()) {
            for (NamedAs n : names.inOrder()) {
                if (n.value().toLowerCase(Locale.ROOT).contains(marker)) {
                    return Optional.of(n.what() + " '" + n.value() + "' contains '" + marker + "'");
                }
            }
        }
        return Optional.empty();
    }

    private static String describe(ModelNames names) {
        return "file name '" + names.fileName() + "', folder name '" + names.folderName() + "', general.name '"
                + names.generalName() + "'" + (names.projectorType() == null ? ", no mmproj projector type"
                        : ", mmproj projector type " + names.projectorType());
    }

    private static List<String> templateNames(RuleFile rule) {
        List<String> names = new ArrayList<>(rule.rules().stream().map(Rule::template).toList());
        names.add(rule.fallback());
        return names;
    }

    private static RuleFile loadRule() {
        try (InputStream in = ChatTemplatePolicy.class.getResourceAsStream(RULE_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RULE_RESOURCE + " is missing next to "
                        + ChatTemplatePolicy.class);
            }
            return JsonMappers.create().readValue(in, RuleFile.class); // unknown properties fail
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the reference's conv_mode rule " + RULE_RESOURCE, e);
        }
    }
}
