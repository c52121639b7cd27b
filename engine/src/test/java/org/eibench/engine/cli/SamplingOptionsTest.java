package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.eibench.engine.runner.SamplingPreset;
import org.eibench.models.vlm.SamplingParams;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --sampling} presets and the explicit options that replace their values. */
class SamplingOptionsTest {
    private static SamplingPreset resolved(String defaultPreset, String... args) {
        SamplingOptions options = new SamplingOptions();
        new CommandLine(new Probe(options)).parseArgs(args);
        return options.resolve(defaultPreset);
    }

    @CommandLine.Command(name = "probe")
    static final class Probe {
        @CommandLine.Mixin
        final SamplingOptions options;

        Probe(SamplingOptions options) {
            this.options = options;
        }
    }

    @Test
    void referencePresetIsTheReferenceScriptsSampling() {
        SamplingPreset reference = resolved("reference");
        assertEquals(List.of(0.4f, 50, 1.0f, 512), List.of(reference.temperature(), reference.topK(),
                reference.topP(), reference.maxNewTokens()));
        assertTrue(reference.sampled());
        SamplingParams params = reference.params(99, false);
        assertEquals(new SamplingParams(0.4f, 1.0f, 50, 99, 512, null, false, List.of()), params);
        assertEquals(Map.of("sampling", "reference", "do_sample", true, "temperature", 0.4f, "top_k", 50, "top_p",
                1.0f, "max_new_tokens", 512, "sampler_order", "temperature, top-k, top-p, draw"), reference.describe());
    }

    @Test
    void explicitOptionsReplaceThePresetsValuesAndTempZeroIsGreedy() {
        SamplingPreset greedy = resolved("reference", "--temp", "0");
        assertFalse(greedy.sampled());
        assertTrue(greedy.params(1, false).isGreedy());
        assertEquals("reference with --temp 0.0", greedy.describe().get("sampling"));

        SamplingPreset custom = resolved("reference", "--sampling", "greedy", "--temp", "0.7", "--top-p", "0.9");
        assertEquals(List.of(0.7f, 0, 0.9f), List.of(custom.temperature(), custom.topK(), custom.topP()));
        assertEquals("greedy with --temp 0.7, --top-p 0.9", custom.describe().get("sampling"));

        assertEquals("reference", resolved("reference", "--temp", "0.4", "--top-k", "50").describe().get("sampling"),
                "a value equal to the preset's is no override");
        assertEquals("greedy", resolved("greedy").name());
        assertEquals("reference", resolved("greedy", "--sampling", "reference").name());
    }

    @Test
    void unknownPresetNamesTheChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> resolved("reference", "--sampling", "hot"));
        assertEquals("unknown sampling preset 'hot'; choose one of [reference, greedy]", e.getMessage());
    }

    @Test
    void helpSaysThePresetsAndHowExplicitOptionsOverrideThem() {
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        assertEquals(0, cl.execute("run", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        assertTrue(help.contains("reference = the EIBench scripts' (temperature 0.4, top-k 50, top-p 1.0, up to 512"
                + " new tokens"), help);
        assertTrue(help.contains("--temp 0 is greedy whatever the preset"), help);
        assertTrue(help.contains("default: reference for run"), help);
    }
}
