package org.eibench.engine.cli;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;

/** Deterministic random-noise PNG images (8-bit RGB) for untimed warm-up requests; java.base only. */
final class NoisePng {
    private NoisePng() {
    }

    /** A {@code width} x {@code height} PNG of uniform random bytes from {@code seed}. */
    static byte[] rgb(int width, int height, long seed) {
        Random random = new Random(seed);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] row = new byte[width * 3];
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream zlib = new DeflaterOutputStream(compressed)) {
            for (int y = 0; y < height; y++) {
                random.nextBytes(row);
                zlib.write(0); // filter type None
                zlib.write(row);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // in-memory streams do not fail
        }
        raw.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(raw, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height)
                .put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(raw, "IDAT", compressed.toByteArray());
        chunk(raw, "IEND", new byte[0]);
        return raw.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] kind = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(kind);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(kind);
        out.writeBytes(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
