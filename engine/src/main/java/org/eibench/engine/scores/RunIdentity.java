package org.eibench.engine.scores;

import com.fasterxml.jackson.databind.JsonNode;
import org.eibench.models.json.JsonMappers;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run was: read leniently from the run folder's run.json, any field may be missing (null).
 *
 * @param run the run folder's name
 * @param model the answering model
 * @param mode the prompting mode
 * @param persona the persona
 * @param benchmark {@code basic} or {@code complex}
 * @param referenceProtocol whether run.json's {@code protocol} says mode and persona are the reference's; null when
 *     run.json does not say (older runs, hand-made folders)
 * @param ownProtocol run.json's reasons why the run follows the project's own protocol; empty when none
 */
public record RunIdentity(String run, String model, String mode, String persona, String benchmark,
        Boolean referenceProtocol, List<String> ownProtocol) {
    /** The run folder's description file. */
    public static final String RUN_FILE = "run.json";

    private static final ObjectMapper JSON = JsonMappers.create();

    public RunIdentity {
        ownProtocol = ownProtocol == null ? List.of() : List.copyOf(ownProtocol);
    }

    /** An identity without protocol information. */
    public RunIdentity(String run, String model, String mode, String persona, String benchmark) {
        this(run, model, mode, persona, benchmark, null, List.of());
    }

    /**
     * Reads run.json of a run folder. Each field may be a string, a number, or an object with a {@code name}
     * (or {@code id}) string; a missing run.json gives an identity with only the folder name.
     */
    public static RunIdentity fromRunFolder(Path runDir) throws IOException {
        String folder = runDir.toAbsolutePath().normalize().getFileName().toString();
        Path file = runDir.resolve(RUN_FILE);
        if (!Files.isRegularFile(file)) {
            return new RunIdentity(folder, null, null, null, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + " is not valid JSON (" + e.getMessage() + "); fix or remove it", e);
        }
        String model = text(root, "model");
        if (model == null) {
            model = modelFileName(root);
        }
        JsonNode protocol = root.path("protocol");
        Boolean reference = protocol.path("reference").isBoolean() ? protocol.get("reference").asBoolean() : null;
        List<String> own = new ArrayList<>();
        protocol.path("ownProtocol").forEach(reason -> own.add(reason.asText()));
        return new RunIdentity(folder, model, text(root, "mode"), text(root, "persona"), text(root, "benchmark"),
                reference, own);
    }

    /** The file name of the "model" entry of run.json's {@code models} list, as {@code eibench run} writes it. */
    private static String modelFileName(JsonNode root) {
        for (JsonNode m : root.path("models")) {
            if ("model".equals(m.path("role").asText()) && m.hasNonNull("path")) {
                return Path.of(m.get("path").asText()).getFileName().toString();
            }
        }
        return null;
    }

    private static String text(JsonNode root, String field) {
        JsonNode v = root == null ? null : root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isValueNode()) {
            return v.asText();
        }
        for (String key : new String[] {"name", "id"}) {
            if (v.hasNonNull(key) && v.get(key).isValueNode()) {
                return v.get(key).asText();
            }
        }
        return v.toString();
    }
}
