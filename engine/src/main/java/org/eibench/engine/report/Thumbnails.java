package org.eibench.engine.report;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.eibench.engine.dataset.ImageResolver;

/**
 * Small JPEG thumbnails of the benchmark's images, as data URLs for the self-contained report. An image that is
 * missing, unreadable, not an image or too large becomes a {@link Thumbnail.Missing} with the reason: a report is
 * never refused for an image.
 */
final class Thumbnails {
    /** The longest side of a thumbnail, in pixels. */
    static final int LONGEST_SIDE = 160;
    /** Declared sizes above this are refused before decoding: a crafted header could ask for minutes of work. */
    static final long MAX_PIXELS = 100_000_000L;
    private static final float JPEG_QUALITY = 0.8f;

    /** A thumbnail or why there is none. */
    sealed interface Thumbnail {
        /** A JPEG of at most {@link #LONGEST_SIDE} pixels a side, as a {@code data:image/jpeg;base64,} URL. */
        record Image(String dataUrl, int width, int height) implements Thumbnail {}

        /** No thumbnail: the image is missing, unreadable or too large. */
        record Missing(String reason) implements Thumbnail {}
    }

    private Thumbnails() {}

    /** Thumbnails of image keys resolved under {@code resolver}'s roots, in the keys' order (made in parallel). */
    static Map<String, Thumbnail> of(Collection<String> keys, ImageResolver resolver) {
        List<String> distinct = keys.stream().distinct().toList();
        List<Thumbnail> made = distinct.parallelStream().map(k -> of(resolver.resolve(k))).toList();
        Map<String, Thumbnail> out = new LinkedHashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            out.put(distinct.get(i), made.get(i));
        }
        return out;
    }

    static Thumbnail of(ImageResolver.Resolution resolution) {
        return switch (resolution) {
            case ImageResolver.Resolution.Found f -> of(f.path());
            case ImageResolver.Resolution.Missing m -> new Thumbnail.Missing(m.reason());
            case ImageResolver.Resolution.Rejected r -> new Thumbnail.Missing(r.reason());
        };
    }

    /** The thumbnail of one image file. */
    static Thumbnail of(Path file) {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return new Thumbnail.Missing("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return new Thumbnail.Missing("not an image this report can read (PNG, JPEG, GIF, BMP): " + file);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return new Thumbnail.Missing(String.format(Locale.ROOT,
                            "image of %d x %d pixels is too large to thumbnail (limit %d pixels): %s", width, height,
                            MAX_PIXELS, file));
                }
                // decode only every n-th pixel of a large image: memory and time stay those of a small one
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / (2 * LONGEST_SIDE));
                param.setSourceSubsampling(step, step, 0, 0);
                return encode(scaled(reader.read(0, param)));
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            // decoders throw unchecked exceptions on corrupt data too
            return new Thumbnail.Missing("cannot read image " + file + ": " + e.getMessage());
        }
    }

    /** Fits the image into {@link #LONGEST_SIDE}, on white (JPEG has no alpha). */
    private static BufferedImage scaled(BufferedImage source) {
        double factor = Math.min(1.0, (double) LONGEST_SIDE / Math.max(source.getWidth(), source.getHeight()));
        int w = Math.max(1, (int) Math.round(source.getWidth() * factor));
        int h = Math.max(1, (int) Math.round(source.getHeight() * factor));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            g.drawImage(source, 0, 0, w, h, null);
        } finally {
            g.dispose();
        }
        return out;
    }

    private static Thumbnail encode(BufferedImage image) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(JPEG_QUALITY);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return new Thumbnail.Image("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(bytes.toByteArray()),
                image.getWidth(), image.getHeight());
    }
}
