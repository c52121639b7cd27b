// Draws the images of the mini EIBench fixture. Run from the repository root:
//   java data/mini-eibench/MakeImages.java data/mini-eibench
// Each image is a 64x64 cartoon face whose background, eyebrows and mouth follow its emotion. The output is
// deterministic: the same JDK writes the same bytes.

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Arc2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

public class MakeImages {
    /** Image path -> emotion drawn. */
    static final Map<String, String> IMAGES = new LinkedHashMap<>();

    static {
        IMAGES.put("CAER-S/train/Happy/0001.png", "happy");
        IMAGES.put("CAER-S/train/Happy/0002.png", "happy");
        IMAGES.put("CAER-S/train/Angry/0001.png", "angry");
        IMAGES.put("CAER-S/train/Angry/0002.png", "angry");
        IMAGES.put("EmoSet-118k/image/sadness/sadness_00001.jpg", "sad");
        IMAGES.put("EmoSet-118k/image/sadness/sadness_00002.jpg", "sad");
        IMAGES.put("EmoSet-118k/image/excitement/excitement_00001.jpg", "excited");
        IMAGES.put("EmoSet-118k/image/excitement/excitement_00002.jpg", "excited");
        IMAGES.put("EmoSet-118k/image/anger/anger_00001.jpg", "angry");
        IMAGES.put("EmoSet-118k/image/contentment/contentment_00001.jpg", "happy");
        IMAGES.put("EmoSet-118k/image/fear/fear_00001.jpg", "afraid");
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        int n = 0;
        for (Map.Entry<String, String> e : IMAGES.entrySet()) {
            Path file = root.resolve(e.getKey());
            Files.createDirectories(file.getParent());
            String format = e.getKey().endsWith(".png") ? "png" : "jpg";
            ImageIO.write(draw(e.getValue(), n++), format, file.toFile());
        }
        System.out.println("wrote " + IMAGES.size() + " images under " + root);
    }

    static BufferedImage draw(String emotion, int variant) {
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(switch (emotion) {
            case "happy" -> new Color(255, 214, 102);
            case "angry" -> new Color(214, 69, 65);
            case "sad" -> new Color(93, 120, 170);
            case "excited" -> new Color(255, 140, 40);
            default -> new Color(90, 90, 110);
        });
        g.fillRect(0, 0, 64, 64);
        int dx = (variant % 3) * 2 - 2; // small shift so images of one emotion differ
        g.setColor(new Color(250, 224, 196));
        g.fillOval(12 + dx, 10, 40, 44);
        g.setColor(Color.BLACK);
        int eye = emotion.equals("excited") || emotion.equals("afraid") ? 6 : 4;
        g.fillOval(22 + dx, 24, eye, eye);
        g.fillOval(38 + dx - eye / 2, 24, eye, eye);
        g.setStroke(new BasicStroke(2f));
        switch (emotion) {
            case "angry" -> { g.drawLine(19 + dx, 18, 27 + dx, 22); g.drawLine(45 + dx, 18, 37 + dx, 22); }
            case "sad" -> { g.drawLine(19 + dx, 22, 27 + dx, 19); g.drawLine(45 + dx, 22, 37 + dx, 19); }
            default -> { }
        }
        switch (emotion) {
            case "happy" -> g.draw(new Arc2D.Double(22 + dx, 32, 20, 12, 180, 180, Arc2D.OPEN));
            case "excited" -> g.fillOval(26 + dx, 36, 12, 10);
            case "afraid" -> g.drawOval(28 + dx, 38, 8, 10);
            default -> g.draw(new Arc2D.Double(22 + dx, 40, 20, 10, 0, 180, Arc2D.OPEN));
        }
        g.dispose();
        return img;
    }
}
