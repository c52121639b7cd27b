package org.eibench.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code eibench generate} on the tiny LLaVA fixture. */
class GenerateCommandTest {
    private static Path fixture(String name) {
        Path dir = Path.of(System.getProperty("eibench.repo.dir", ".."), "data", "fixtures", "tiny-llava");
        assumeTrue(Files.isRegularFile(dir.resolve(name)), "fixture missing: " + dir.resolve(name));
        return dir.resolve(name);
    }

    private static RunCommandTest.Result run(String... args) {
        return RunCommandTest.execute(new CommandLine(new GenerateCommand()), args);
    }

    @Test
    void answersAboutAnImageAndPrintsTimings() {
        // pinned to vicuna, the template reference.json's 589-position prompt was built with (the default for the
        // tiny fixture is now the reference rule's llava_v0: no name pattern matches tiny-llava-f16.gguf)
        String[] args = {"--model", fixture("tiny-llava-f16.gguf").toString(), "--mmproj",
            fixture("mmproj-tiny-llava-f16.gguf").toString(), "--image", fixture("test.png").toString(),
            "--prompt", "Describe the image.", "--gpu-layers", "0", "--max-tokens", "8", "--threads", "2",
            "--ctx", "1024", "--chat-template", "vicuna"};
        RunCommandTest.Result first = run(args);
        assertEquals(0, first.exit(), first.err());
        assertFalse(first.out().isBlank());
        assertTrue(first.err().contains("prompt tokens 589"), first.err());
        assertTrue(first.err().contains("image encode") && first.err().contains("tok/s"), first.err());
        assertEquals(first.out(), run(args).out(), "greedy by default: same answer twice");
    }

    @Test
    void helpExplainsOptionsWithDefaults() {
        RunCommandTest.Result help = run("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("--mmproj") && help.out().contains("default: 256"), help.out());
    }

    @Test
    void aMissingModelIsAUsageErrorNotACrash() {
        RunCommandTest.Result missing = run("--model", "/nonexistent.gguf", "--prompt", "hi");
        assertNotEquals(0, missing.exit());
        assertTrue(missing.err().contains("/nonexistent.gguf"), missing.err());
        RunCommandTest.Result imageWithoutMmproj = run("--model", fixture("tiny-llava-f16.gguf").toString(), "--image",
                fixture("test.png").toString(), "--prompt", "hi");
        assertNotEquals(0, imageWithoutMmproj.exit());
        assertTrue(imageWithoutMmproj.err().contains("--mmproj"), imageWithoutMmproj.err());
    }
}
