package org.eibench.engine.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ProjectVersionTest {
    @Test
    void isTheMavenProjectVersionOfTheEngine() throws IOException {
        String repo = System.getProperty("eibench.repo.dir", Path.of("..").toAbsolutePath().normalize().toString());
        String pom = Files.readString(Path.of(repo, "engine", "pom.xml"));
        Matcher parentVersion = Pattern.compile("<parent>.*?<version>([^<]+)</version>", Pattern.DOTALL).matcher(pom);
        assertTrue(parentVersion.find(), "engine/pom.xml names its parent's version");
        assertEquals(parentVersion.group(1), ProjectVersion.current());
    }

    @Test
    void isReadFromTheClassesFolderNotOnlyAJarManifest() {
        assertTrue(ProjectVersion.class.getResource(ProjectVersion.RESOURCE) != null,
                "the filtered resource is next to the class (target/classes here)");
        assertTrue(ProjectVersion.current().matches("\\d+\\.\\d+\\.\\d+.*"), ProjectVersion.current());
    }
}
