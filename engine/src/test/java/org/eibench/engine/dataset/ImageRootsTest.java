package org.eibench.engine.dataset;

import static org.eibench.engine.dataset.CraftedDataset.HAPPY;
import static org.eibench.engine.dataset.CraftedDataset.SAD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, minor: CAER-S/ and EmoSet-118k/ as symbolic links to two separate downloads were refused for every image.
 * A link may lead into any root the user names with --images; a link anywhere else is still refused.
 */
class ImageRootsTest {
    @TempDir
    Path tmp;


    private Path image(Path root, String key) throws Exception {
        Path p = root.resolve(key);
        Files.createDirectories(p.getParent());
        return Files.writeString(p, "pixels");
    }

    @Test
    void linksIntoANamedRootAreFollowedAndLinksElsewhereRefused() throws Exception {
        Path caer = tmp.resolve("caer");
        Path emoset = tmp.resolve("emoset");
        Path realHappy = image(caer, HAPPY);
        Path realSad = image(emoset, SAD);
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve("CAER-S"), caer.resolve("CAER-S"));
        Files.createSymbolicLink(data.resolve("EmoSet-118k"), emoset.resolve("EmoSet-118k"));

        ImageResolver dataOnly = new ImageResolver(data);
        assertInstanceOf(ImageResolver.Resolution.Rejected.class, dataOnly.resolve(HAPPY),
                "a link out of the only root is still refused");
        ImageResolver.Resolution r = dataOnly.resolve(HAPPY);
        assertTrue(((ImageResolver.Resolution.Rejected) r).reason().contains("name it as another --images root"),
                r.toString());

        ImageResolver named = new ImageResolver(List.of(data, caer, emoset));
        assertEquals(new ImageResolver.Resolution.Found(HAPPY, realHappy.toRealPath()), named.resolve(HAPPY));
        assertEquals(new ImageResolver.Resolution.Found(SAD, realSad.toRealPath()), named.resolve(SAD));

        ImageResolver onlyCaer = new ImageResolver(List.of(data, caer));
        assertInstanceOf(ImageResolver.Resolution.Rejected.class, onlyCaer.resolve(SAD),
                "the EmoSet link leads outside every named root");
    }

    @Test
    void aKeyResolvesUnderTheFirstRootThatHasIt() throws Exception {
        Path happy = image(tmp.resolve("caer"), HAPPY);
        Path sad = image(tmp.resolve("emoset"), SAD);
        Path emoset = tmp.resolve("emoset");
        ImageResolver both = new ImageResolver(List.of(tmp.resolve("caer"), emoset));
        assertEquals(happy.toRealPath(), ((ImageResolver.Resolution.Found) both.resolve(HAPPY)).path());
        assertEquals(sad.toRealPath(), ((ImageResolver.Resolution.Found) both.resolve(SAD)).path());
        var missing = both.resolve("CAER-S/train/Angry/0009.png");
        assertInstanceOf(ImageResolver.Resolution.Missing.class, missing);
        assertTrue(((ImageResolver.Resolution.Missing) missing).reason().contains("nor under [" + emoset),
                missing.toString());
    }
}
