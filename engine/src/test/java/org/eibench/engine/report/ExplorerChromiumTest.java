package org.eibench.engine.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample explorer in a real headless Chromium, driven as a reader would: thumbnails, filters, search, sort, the
 * same sample of two runs side by side, keys. Screenshots are kept in target/explorer-*.png.
 */
class ExplorerChromiumTest {
    /** The colour of the one image drawn for the happy sample, found again in the screenshot. */
    private static final Color HAPPY_COLOUR = new Color(230, 40, 40);

    @TempDir
    static Path work;

    static Path html;
    static HeadlessChromium chromium;

    @BeforeAll
    static void writeReportAndStartChromium() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "headless Chromium is missing at "
                + HeadlessChromium.BINARY + "; install it with: apt-get install -y chromium");
        Path images = work.resolve("images");
        // the happy image exists; the angry one is a text file; the sad and excitement ones and Complex's are missing
        image(images.resolve("CAER-S/train/Happy/0001.png"), HAPPY_COLOUR);
        Files.createDirectories(images.resolve("CAER-S/train/Angry"));
        Files.writeString(images.resolve("CAER-S/train/Angry/0006.png"), "not a PNG");
        ReportWriter.write(Fixtures.runDirs(), List.of(), List.of(images), work.resolve("report"));
        html = work.resolve("report").resolve(ReportWriter.HTML);
        chromium = HeadlessChromium.launch(work, 1280, 1000);
    }

    @AfterAll
    static void stopChromium() {
        if (chromium != null) {
            chromium.close();
        }
    }

    @BeforeEach
    void openReport() throws InterruptedException {
        chromium.open("about:blank", "true");
        chromium.open(html.toUri().toString(), "document.getElementById('explorer').dataset.ready === 'true'");
    }

    private static void image(Path file, Color colour) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static int shown() {
        return chromium.evaluate("document.querySelectorAll('#explorer-cards article.card').length").asInt();
    }

    private static String js(String expression) {
        return chromium.evaluate(expression).asText();
    }

    private static void choose(String selectId, String value) {
        chromium.evaluate("(() => { const s = document.getElementById('" + selectId + "'); s.value = '" + value
                + "'; s.dispatchEvent(new Event('change')); })()");
    }

    private static void keep(byte[] png, String name) throws IOException {
        Path keep = Path.of("target", name);
        Files.createDirectories(keep.getParent());
        Files.write(keep, png);
    }

    @Test
    void everySampleHasACardAndTheSameSampleOfTwoRunsSitsSideBySide() {
        assertEquals(6, shown(), "4 Basic samples answered by two runs, 2 Complex ones");
        JsonNode happy = chromium.evaluate("[...document.querySelectorAll('article.card')]"
                + ".filter(c => c.dataset.category === 'happy')"
                + ".map(c => [...c.querySelectorAll('.entry header')].map(h => h.textContent))[0]");
        assertEquals(2, happy.size(), happy.toString());
        assertTrue(happy.get(0).asText().equals("llava-v1.5-7b-Q4_K_M · direct · none (llava-basic)"), happy.toString());
        assertTrue(happy.get(1).asText().equals("qwen2-vl-2b-Q8_0 · cot (qwen-basic)"), happy.toString());
        // the llava answer found two of the three triggers, and the judge's reply and score are on the card
        String card = js("document.querySelector('article.card[data-category=happy] .entry').innerText");
        assertTrue(card.contains("Triggers found: 2/3"), card);
        assertTrue(card.contains("✗ missed") && card.contains("Friends around her."), card);
        assertTrue(card.contains("Judge: 2/3 valid") && card.contains("{score: 2/3}"), card);
    }

    @Test
    void aThumbnailRendersAndMissingImagesSaySo() throws Exception {
        JsonNode img = chromium.evaluate("(() => { const i = document.querySelector('article.card[data-category=happy]"
                + " .thumb img'); i.scrollIntoView({block: 'center'}); const r = i.getBoundingClientRect();"
                + " return {complete: i.complete, w: i.naturalWidth, h: i.naturalHeight, x: r.x + scrollX,"
                + " y: r.y + scrollY, width: r.width, height: r.height}; })()");
        assertTrue(img.get("complete").asBoolean(), img.toString());
        assertEquals(160, img.get("w").asInt(), img.toString());
        assertEquals(120, img.get("h").asInt(), img.toString());
        byte[] png = chromium.screenshot(img.get("x").asDouble(), img.get("y").asDouble(), img.get("width").asDouble(),
                img.get("height").asDouble());
        keep(png, "explorer-thumbnail.png");
        BufferedImage shot = ImageIO.read(new ByteArrayInputStream(png));
        Color centre = new Color(shot.getRGB(shot.getWidth() / 2, shot.getHeight() / 2));
        assertTrue(Math.abs(centre.getRed() - HAPPY_COLOUR.getRed()) < 20
                && Math.abs(centre.getGreen() - HAPPY_COLOUR.getGreen()) < 20
                && Math.abs(centre.getBlue() - HAPPY_COLOUR.getBlue()) < 20, "the drawn colour on screen: " + centre);

        String angry = js("document.querySelector('article.card[data-category=angry] .thumb').innerText");
        assertTrue(angry.startsWith("missing") && angry.contains("not an image"), angry);
        String sad = js("document.querySelector('article.card[data-category=sad] .thumb').innerText");
        assertTrue(sad.startsWith("missing") && sad.contains("image not found"), sad);
        keep(chromium.screenshot(), "explorer-page.png");
    }

    @Test
    void filtersChangeWhatIsShown() throws Exception {
        choose("explorer-category", "angry");
        assertEquals(1, shown());
        assertEquals("angry", js("document.querySelector('article.card').dataset.category"));
        assertEquals("category=angry", js("location.hash.slice(1)"), "the filter is in the address, to share it");
        choose("explorer-category", "");
        assertEquals(6, shown());

        // failures: llava's sad sample has no score, qwen's is malformed; no other sample failed
        choose("explorer-failure", "only");
        assertEquals(1, shown());
        assertEquals("sad", js("document.querySelector('article.card').dataset.category"));
        choose("explorer-failure", "");

        // qwen found all three happy triggers and all of sad's; no llava Basic answer found all
        choose("explorer-triggers", "all-found");
        assertEquals(2, shown());
        chromium.evaluate("document.querySelector('.runs input[data-run=\"2\"]').click()");
        assertEquals(0, shown(), "without the qwen run no answer found all its triggers");
        choose("explorer-triggers", "");
        assertEquals(6, shown());
        keep(chromium.screenshot(), "explorer-filtered.png");
    }

    @Test
    void searchAndSortAndKeys() throws Exception {
        chromium.press("/", "Slash", 191);
        assertEquals("explorer-search", js("document.activeElement.id"), "/ goes to the search box");
        chromium.evaluate("(() => { const s = document.getElementById('explorer-search'); s.value = 'motorcycle';"
                + " s.dispatchEvent(new Event('input')); })()");
        chromium.waitFor(() -> shown() == 1, "search narrows to the motorcycle sample");
        assertEquals("sad", js("document.querySelector('article.card').dataset.category"));
        chromium.press("Escape", "Escape", 27);
        chromium.evaluate("(() => { const s = document.getElementById('explorer-search'); s.value = '';"
                + " s.dispatchEvent(new Event('input')); })()");
        chromium.waitFor(() -> shown() == 6, "an empty search shows all");

        // the lowest judge score first: sad (both runs failed, 0), a Complex sample (1/5), angry ((2/4 + 1/4) / 2)
        choose("explorer-sort", "judge-asc");
        assertEquals("sad", js("document.querySelector('article.card').dataset.category"));
        assertEquals("complex", js("document.querySelectorAll('article.card')[1].dataset.category"));
        assertEquals("angry", js("document.querySelectorAll('article.card')[2].dataset.category"));

        chromium.press("j", "KeyJ", 74);
        chromium.press("j", "KeyJ", 74);
        assertEquals("1", js("document.querySelector('article.card.current').dataset.position"));
        chromium.press("k", "KeyK", 75);
        assertEquals("0", js("document.querySelector('article.card.current').dataset.position"));
        chromium.press("ArrowDown", "ArrowDown", 40);
        assertEquals("1", js("document.querySelector('article.card.current').dataset.position"));
    }

    @Test
    void modelOutputStaysText() {
        assertEquals(0, chromium.evaluate("document.querySelectorAll('#explorer script, #explorer b').length").asInt());
        String answers = js("[...document.querySelectorAll('.answer')].map(a => a.textContent).join('\\n')");
        assertTrue(answers.contains("<script>alert('x')</script> He is shouting & pointing <b>angrily</b>."), answers);
    }

    /** The page's own measure: from navigation start to the first cards on screen. */
    @Test
    void loadsQuickly() throws Exception {
        chromium.open("about:blank", "true");
        Duration wall = chromium.open(html.toUri().toString(),
                "document.getElementById('explorer').dataset.ready === 'true'");
        int readyMs = chromium.evaluate("Number(document.getElementById('explorer').dataset.readyMs)").asInt();
        assertTrue(readyMs < 5_000, "ready after " + readyMs + " ms");
        assertTrue(wall.toMillis() < 20_000, "opened in " + wall.toMillis() + " ms");
    }
}
