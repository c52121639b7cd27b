package org.eibench.kernels.llama;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 item 7: bytes stb_image cannot decode must not reach ffprobe/ffmpeg found on PATH (libmtmd's video
 * fallback, switched off in native/build.sh with -DMTMD_VIDEO=OFF). Stand-in ffprobe and ffmpeg scripts on the PATH of a
 * child JVM record any call; the damaged image must fail as "not a decodable image" without calling them.
 */
class NoOutsideProgramsTest {
    @Test
    void anUndecodableImageRunsNoFfprobeOrFfmpeg(@TempDir Path tmp) throws Exception {
        TinyFixture.model(); // skips without the fixture
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Path calls = tmp.resolve("calls.log");
        for (String tool : List.of("ffprobe", "ffmpeg")) {
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/bin/sh\necho \"" + tool + " $*\" >> '" + calls + "'\ncat > /dev/null\nexit 1\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        String java = ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path")));
        for (String property : List.of(NativeLibraries.DIR_PROPERTY, "eibench.repo.dir")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.addAll(List.of(DecodeDamagedImage.class.getName(), tmp.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("PATH", bin + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        Process child = pb.start();
        String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), output);
        assertEquals(0, child.exitValue(), output);
        assertFalse(Files.exists(calls), "libmtmd ran outside programs on the image bytes: "
                + (Files.exists(calls) ? Files.readString(calls) : "") + "\n" + output);
        List<String> errors = output.lines().filter(l -> l.startsWith("error: ") || l.equals("decoded")).toList();
        assertEquals(2, errors.size(), output);
        for (String e : errors) {
            assertTrue(e.contains("is not a decodable image"), output);
        }
    }
}
