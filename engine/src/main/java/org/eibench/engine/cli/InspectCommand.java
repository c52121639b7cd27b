package org.eibench.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eibench.models.chat.ChatTemplatePolicy;
import org.eibench.models.chat.ChatTemplates;
import org.eibench.kernels.gguf.GgufArray;
import org.eibench.kernels.gguf.GgufFile;
import org.eibench.kernels.gguf.GgufInfo;
import org.eibench.kernels.gguf.MalformedGgufException;
import org.eibench.models.json.JsonMappers;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code eibench inspect FILE.gguf}: what a GGUF model or mmproj file holds, read without loading llama.cpp. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        header = "What a GGUF file holds: architecture, sizes, chat template, projector.",
        description = {
            "Shows what a GGUF file holds: architecture, sizes, parameter count, context length, chat template",
            "(the one eibench run and score would choose, and why; with --mmproj as the model runs with it) and, for",
            "an mmproj file, the projector. Reads the header only; a damaged file is reported (exit code 2) instead",
            "of being handed to llama.cpp."
        })
public final class InspectCommand implements Callable<Integer> {
    /** How many elements of an array {@code --all-keys} shows. */
    static final int ARRAY_PREVIEW = 5;
    private static final int TEMPLATE_PREVIEW = 100;

    @Parameters(index = "0", paramLabel = "FILE.gguf", description = "a GGUF model or mmproj file")
    Path file;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Option(names = "--all-keys", description = "also list every metadata key (arrays abbreviated)")
    boolean allKeys;

    @Option(names = "--mmproj", paramLabel = "FILE",
            description = "the mmproj the model runs with: the chat template's choice looks at its projector type")
    Path mmproj;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        GgufFile gguf;
        try {
            gguf = GgufFile.read(file);
        } catch (MalformedGgufException e) {
            err.println("eibench inspect: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (NoSuchFileException e) {
            err.println("eibench inspect: no such file: " + file);
            return Main.EXIT_USAGE;
        }
        GgufInfo info = GgufInfo.of(gguf);
        Map<String, Object> summary = new LinkedHashMap<>(info.toMap());
        try {
            chatTemplateSummary(gguf, info).ifPresent(t -> summary.put("chat_template", t));
        } catch (IllegalArgumentException e) { // --mmproj is not a readable GGUF (the message names it)
            err.println("eibench inspect: " + e.getMessage());
            return Main.EXIT_USAGE;
        } catch (NoSuchFileException e) {
            err.println("eibench inspect: no such file: " + mmproj);
            return Main.EXIT_USAGE;
        }
        if (json) {
            if (allKeys) {
                summary.put("metadata", metadataForJson(gguf));
            }
            out.println(JsonMappers.create(JsonMappers.Option.INDENT).writeValueAsString(summary));
        } else {
            summary.forEach((k, v) -> out.printf("%-24s %s%n", k + ":", v instanceof Map<?, ?> m ? textOf(m) : v));
            if (allKeys) {
                out.println();
                out.println("metadata (" + gguf.metadata().size() + " keys):");
                gguf.metadata().forEach((k, v) -> out.printf("  %s (%s) = %s%n", k,
                        gguf.type(k).orElseThrow(), GgufFile.abbreviate(v, 160)));
            }
        }
        out.flush();
        return 0;
    }

    /**
     * The template {@link ChatTemplatePolicy} chooses for the model (as {@code eibench run} without
     * {@code --chat-template}), why, and a preview of the stored one; empty for mmproj files.
     */
    private Optional<Map<String, Object>> chatTemplateSummary(GgufFile gguf, GgufInfo info) throws IOException {
        if (info.isMmproj()) {
            return Optional.empty();
        }
        Map<String, Object> t = new LinkedHashMap<>();
        ChatTemplatePolicy.Choice choice = ChatTemplatePolicy.builtIn().choose(file, mmproj, null);
        t.put("template", choice.name());
        t.put("reason", choice.reason());
        gguf.chatTemplate().flatMap(ChatTemplates::llamaCppName).ifPresent(n -> t.put("llama_cpp", n));
        t.put("source", gguf.chatTemplate().isPresent() ? "tokenizer.chat_template"
                : "fallback for a model without tokenizer.chat_template");
        if (info.chatTemplate() != null) {
            t.put("preview", info.chatTemplatePreview(TEMPLATE_PREVIEW));
        }
        return Optional.of(t);
    }

    private static String textOf(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "; ").append(k).append('=').append(v));
        return sb.toString();
    }

    private static Map<String, Object> metadataForJson(GgufFile gguf) {
        Map<String, Object> all = new LinkedHashMap<>();
        gguf.metadata().forEach((k, v) -> all.put(k, v instanceof GgufArray a ? arrayForJson(a) : v));
        return all;
    }

    private static Map<String, Object> arrayForJson(GgufArray a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "ARRAY");
        m.put("element_type", a.elementType().name());
        m.put("length", a.size());
        List<Object> head = a.values().subList(0, Math.min(ARRAY_PREVIEW, a.size())).stream()
                .map(e -> e instanceof GgufArray inner ? arrayForJson(inner) : e).toList();
        m.put("first", head);
        return m;
    }
}
