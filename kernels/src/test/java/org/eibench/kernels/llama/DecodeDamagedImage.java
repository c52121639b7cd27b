package org.eibench.kernels.llama;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Child-process main for {@link NoOutsideProgramsTest}: decodes a PNG whose pixel data stb_image cannot decode, from
 * bytes and from a file, and prints each error message on its own line.
 */
public final class DecodeDamagedImage {
    private DecodeDamagedImage() {}

    /** The tiny fixture's PNG with its whole chunk structure but the compressed pixel data zeroed. */
    static byte[] damagedPng() throws java.io.IOException {
        byte[] png = Files.readAllBytes(TinyFixture.image());
        byte[] damaged = png.clone();
        int idat = new String(png, java.nio.charset.StandardCharsets.ISO_8859_1).indexOf("IDAT");
        Arrays.fill(damaged, idat + 4, idat + 24, (byte) 0);
        return damaged;
    }

    public static void main(String[] args) throws Exception {
        byte[] damaged = damagedPng();
        Path file = Files.write(Path.of(args[0]).resolve("damaged.png"), damaged);
        try (LlamaModel model = LlamaModel.load(TinyFixture.model(), LlamaModel.Params.defaults().withGpuLayers(0))) {
            MtmdContext mtmd = MtmdContext.load(TinyFixture.mmproj(), model, new MtmdContext.Params(false, 1, false));
            for (Runnable decode : new Runnable[] {() -> mtmd.bitmapFromBytes(damaged, "damaged bytes").close(),
                    () -> mtmd.bitmapFromFile(file).close()}) {
                try {
                    decode.run();
                    System.out.println("decoded");
                } catch (IllegalArgumentException e) {
                    System.out.println("error: " + e.getMessage().lines().findFirst().orElse(""));
                }
            }
        }
    }
}
