package org.eibench.models.vlm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.eibench.kernels.llama.ImageEmbedding;
import org.eibench.kernels.llama.LlamaVocab;
import org.eibench.kernels.llama.MtmdBitmap;
import org.eibench.kernels.llama.MtmdContext;
import org.eibench.kernels.llama.MtmdInputChunk;
import org.eibench.kernels.llama.MtmdInputChunks;
import org.eibench.kernels.llama.Sampler;
import org.eibench.kernels.llama.SamplerChain;

/**
 * Turns requests into {@link PreparedPrompt}s: renders ({@link PromptRenderer}) and tokenizes the prompt (reading and resizing its images),
 * checks it fits a sequence, builds its sampler, and encodes the images no earlier request brought into the image
 * cache, those of a whole group of requests at once ({@link MtmdContext#encodeAll}, several images per encoder call
 * where the model allows).
 *
 * <p>{@link #prepareAll} is used by one thread at a time: the vision stage's thread, or the decoding thread at
 * admission. With the prepare-ahead stage, {@link #tokenizeAll} runs on the stage's thread while the decoding thread
 * runs {@link #encodeAll}: only the latter touches the image cache. Each thread passes its own
 * {@link PreparationTimes.Clock}; the counters may be read from any thread.
 */
final class PromptPreparer {
    /** A prepared prompt, or why the request cannot run. */
    record Result(PreparedPrompt prompt, RuntimeException failure) {
    }

    private final PromptRenderer renderer;
    private final MtmdContext mtmd;
    private final LlamaVocab vocab;
    private final int positionsPerSequence;
    private final int sequences;
    private final ImageEmbeddingCache cache;
    private final AtomicLong imagesEncoded = new AtomicLong();
    private final AtomicLong encoderCalls = new AtomicLong();
    private final AtomicLong encodeNanos = new AtomicLong();

    PromptPreparer(PromptRenderer renderer, MtmdContext mtmd, LlamaVocab vocab, int positionsPerSequence,
            int sequences, int imageCacheSize) {
        this.renderer = renderer;
        this.mtmd = mtmd;
        this.vocab = vocab;
        this.positionsPerSequence = positionsPerSequence;
        this.sequences = sequences;
        this.cache = new ImageEmbeddingCache(imageCacheSize);
    }

    long imagesEncoded() {
        return imagesEncoded.get();
    }

    long encoderCalls() {
        return encoderCalls.get();
    }

    long encodeNanos() {
        return encodeNanos.get();
    }

    long cacheHits() {
        return cache.hits();
    }

    /**
     * Prepares requests together: each image not in the cache is encoded once for the group. A request that cannot
     * be prepared (unreadable image, prompt too long, failed encode) fails alone.
     *
     * @param clock the calling thread's preparation times
     * @return one result per request, in order
     */
    List<Result> prepareAll(List<GenerationRequest> requests, PreparationTimes.Clock clock) {
        return encodeAll(tokenizeAll(requests, clock), clock);
    }

    /**
     * The first half of {@link #prepareAll}, which does not touch the vision encoder or the image cache: renders,
     * reads the images and tokenizes each request, checks its size and builds its sampler. The prompts' images have
     * no encoding yet ({@link #encodeAll}).
     *
     * @return one result per request, in order
     */
    List<Result> tokenizeAll(List<GenerationRequest> requests, PreparationTimes.Clock clock) {
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>(requests.size());
        for (GenerationRequest request : requests) {
            try {
                results.add(new Result(tokenize(request, clock), null));
            } catch (RuntimeException e) {
                results.add(new Result(null, e));
            }
        }
        clock.prepared(requests.size(), System.nanoTime() - start);
        return results;
    }

    /**
     * The second half of {@link #prepareAll}: fills in the encodings of {@link #tokenizeAll}'s prompts, each image not
     * in the cache encoded once for the group. Failed results stay as they are; a prompt whose image cannot be encoded
     * is closed and fails alone.
     *
     * @return one result per given result, in order
     */
    List<Result> encodeAll(List<Result> tokenized, PreparationTimes.Clock clock) {
        long start = System.nanoTime();
        List<Result> results = new ArrayList<>(tokenized);
        Map<String, ImageEmbedding> known = new LinkedHashMap<>();
        Map<String, MtmdInputChunk> toEncode = new LinkedHashMap<>();
        for (Result result : results) {
            if (result.prompt() == null) {
                continue;
            }
            for (PreparedPrompt.Part part : result.prompt().parts()) {
                if (part instanceof PreparedPrompt.Image image) {
                    String id = image.chunk().id();
                    if (!known.containsKey(id) && !toEncode.containsKey(id)) {
                        ImageEmbedding cached = cache.get(id);
                        if (cached != null) {
                            known.put(id, cached);
                        } else {
                            toEncode.put(id, image.chunk());
                        }
                    }
                }
            }
        }
        Encoded encoded = encode(new ArrayList<>(toEncode.values()));
        known.putAll(encoded.embeddings());
        double msPerImage = encoded.embeddings().isEmpty() ? 0 : encoded.nanos() / 1e6 / toEncode.size();
        Set<String> charged = new LinkedHashSet<>();
        for (int i = 0; i < results.size(); i++) {
            PreparedPrompt prompt = results.get(i).prompt();
            if (prompt == null) {
                continue;
            }
            try {
                results.set(i, new Result(withEmbeddings(prompt, known, encoded, charged, msPerImage), null));
            } catch (RuntimeException e) {
                prompt.close();
                results.set(i, new Result(null, e));
            }
        }
        clock.encoded(encoded.nanos());
        clock.prepared(0, System.nanoTime() - start);
        return results;
    }

    /** New encodings by image id, the images whose encoding failed, and the wall time spent. */
    private record Encoded(Map<String, ImageEmbedding> embeddings, Map<String, RuntimeException> failures,
            long nanos) {
    }

    /**
     * Encodes the images, all in as few encoder calls as the model allows; when that fails, one by one, so that one
     * bad image fails only the requests that use it. New encodings go into the cache.
     */
    private Encoded encode(List<MtmdInputChunk> chunks) {
        Map<String, ImageEmbedding> embeddings = new LinkedHashMap<>();
        Map<String, RuntimeException> failures = new LinkedHashMap<>();
        if (chunks.isEmpty()) {
            return new Encoded(embeddings, failures, 0);
        }
        long start = System.nanoTime();
        try {
            MtmdContext.Encodings all = mtmd.encodeAll(chunks);
            encoderCalls.addAndGet(all.encoderCalls());
            for (int i = 0; i < chunks.size(); i++) {
                embeddings.put(chunks.get(i).id(), all.embeddings().get(i));
            }
        } catch (RuntimeException together) {
            for (MtmdInputChunk chunk : chunks) {
                try {
                    embeddings.put(chunk.id(), mtmd.encode(chunk));
                    encoderCalls.incrementAndGet();
                } catch (RuntimeException alone) {
                    failures.put(chunk.id(), alone);
                }
            }
        }
        long nanos = System.nanoTime() - start;
        encodeNanos.addAndGet(nanos);
        imagesEncoded.addAndGet(embeddings.size());
        embeddings.forEach(cache::put);
        return new Encoded(embeddings, failures, nanos);
    }

    /** The prompt with every image's encoding filled in; the first prompt using a new encoding is charged its time. */
    private static PreparedPrompt withEmbeddings(PreparedPrompt prompt, Map<String, ImageEmbedding> known,
            Encoded encoded, Set<String> charged, double msPerImage) {
        List<PreparedPrompt.Part> parts = new ArrayList<>(prompt.parts());
        double encodeMs = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i) instanceof PreparedPrompt.Image image) {
                String id = image.chunk().id();
                RuntimeException failure = encoded.failures().get(id);
                if (failure != null) {
                    throw failure;
                }
                if (encoded.embeddings().containsKey(id) && charged.add(id)) {
                    encodeMs += msPerImage;
                }
                ImageEmbedding embedding = known.get(id);
                if (embedding == null) {
                    // libmtmd names every helper-made image by its content hash; an unnamed one cannot be matched
                    throw new IllegalStateException("no encoding for image chunk '" + id + "' of this request");
                }
                parts.set(i, new PreparedPrompt.Image(image.chunk(), embedding));
            }
        }
        return new PreparedPrompt(prompt.chunks(), List.copyOf(parts), prompt.prefix(), prompt.positions(),
                prompt.stops(), prompt.sampler(), encodeMs);
    }

    /** Everything but the image encodings: render, tokenize, check the size, build the sampler. */
    private PreparedPrompt tokenize(GenerationRequest request, PreparationTimes.Clock clock) {
        String prompt = renderer.render(request);
        List<String> stops = renderer.stops(request);
        List<PreparedPrompt.Part> parts = new ArrayList<>();
        MtmdInputChunks chunks = null;
        SamplerChain sampler = null;
        try {
            if (mtmd != null) {
                chunks = tokenizeWithImages(request, prompt, clock);
                for (MtmdInputChunk chunk : chunks.chunks()) {
                    switch (chunk.type()) {
                        case TEXT -> parts.add(new PromptPrefix.Text(chunk.textTokens()));
                        case IMAGE -> parts.add(new PreparedPrompt.Image(chunk, null));
                        case AUDIO -> throw new IllegalArgumentException("audio input is not supported");
                    }
                }
            } else {
                if (!request.images().isEmpty()) {
                    throw new IllegalArgumentException("request " + describe(request) + " has "
                            + request.images().size() + " image(s) but the model was loaded without an mmproj"
                            + " (text only)");
                }
                long tokenizeStart = System.nanoTime();
                parts.add(new PromptPrefix.Text(vocab.tokenize(prompt, true, true)));
                clock.tokenized(System.nanoTime() - tokenizeStart);
            }
            parts.removeIf(part -> part instanceof PromptPrefix.Text text && text.tokens().length == 0);
            if (parts.isEmpty()) {
                throw new IllegalArgumentException("request " + describe(request) + " has an empty prompt");
            }
            if (!(parts.getLast() instanceof PromptPrefix.Text)) {
                throw new IllegalArgumentException("request " + describe(request)
                        + " ends with an image; a prompt must end with text (e.g. the assistant turn opening)");
            }
            PromptPrefix prefix = new PromptPrefix(parts.stream().map(PromptPreparer::segmentOf).toList());
            int positions = prefix.positions();
            if (positions >= positionsPerSequence) {
                throw new IllegalArgumentException("request " + describe(request) + " has a prompt of "
                        + positions + " positions (tokens and image embeddings) but one sequence holds "
                        + positionsPerSequence + " (the context divided by the parallel sequences): raise the"
                        + " context size (--ctx) to more than " + (long) positions * sequences
                        + " or use fewer parallel sequences (--parallel)");
            }
            sampler = samplerFor(request.sampling(), vocab);
            return new PreparedPrompt(chunks, parts, prefix, positions, List.copyOf(stops), sampler, 0);
        } catch (RuntimeException e) {
            if (chunks != null) {
                chunks.close();
            }
            if (sampler != null) {
                sampler.close();
            }
            throw e;
        }
    }

    private MtmdInputChunks tokenizeWithImages(GenerationRequest request, String prompt,
            PreparationTimes.Clock clock) {
        List<MtmdBitmap> bitmaps = new ArrayList<>();
        try {
            long readStart = System.nanoTime();
            for (ImageInput image : request.images()) {
                bitmaps.add(image.file() != null ? mtmd.bitmapFromFile(image.file())
                        : mtmd.bitmapFromBytes(image.bytes(), image.label()));
            }
            long tokenizeStart = System.nanoTime();
            clock.imageRead(tokenizeStart - readStart);
            MtmdInputChunks chunks = mtmd.tokenize(prompt, bitmaps, true, true);
            clock.tokenized(System.nanoTime() - tokenizeStart);
            return chunks;
        } finally {
            bitmaps.forEach(MtmdBitmap::close);
        }
    }

    private static PromptPrefix.Segment segmentOf(PreparedPrompt.Part part) {
        return switch (part) {
            case PromptPrefix.Text text -> text;
            case PreparedPrompt.Image image -> new PromptPrefix.Image(image.chunk().id(), image.positions());
        };
    }

    /**
     * The chain for {@code sampling}, in the order of Hugging Face's {@code generate} (the reference's sampler): a
     * grammar mask first, then temperature, top-k, top-p, and the draw. Top-p must come after the temperature: it
     * renormalises the logits it is given (softmax), so before the temperature it would keep a different set.
     */
    static SamplerChain samplerFor(SamplingParams sampling, LlamaVocab vocab) {
        SamplerChain chain = SamplerChain.create();
        try {
            if (sampling.grammar() != null) {
                chain.add(Sampler.grammar(vocab, sampling.grammar(), "root"));
            }
            if (sampling.isGreedy()) {
                return chain.add(Sampler.greedy());
            }
            chain.add(Sampler.temperature(sampling.temperature()));
            if (sampling.topK() > 0) {
                chain.add(Sampler.topK(sampling.topK()));
            }
            if (sampling.topP() < 1f) {
                chain.add(Sampler.topP(sampling.topP(), 1));
            }
            return chain.add(Sampler.distribution(nativeSeed(sampling.seed())));
        } catch (RuntimeException e) {
            chain.close();
            throw e;
        }
    }

    /**
     * The 32-bit seed for llama.cpp's random generator: the seed's low 32 bits, except that 0xFFFFFFFF
     * ({@code LLAMA_DEFAULT_SEED}) makes llama.cpp seed from the clock, so that one value is mapped elsewhere.
     */
    static int nativeSeed(long seed) {
        int low = (int) seed;
        return low != -1 ? low : (int) (seed >>> 32) & 0x7FFFFFFF;
    }

    static String describe(GenerationRequest request) {
        return request.id().isEmpty() ? "(no id)" : request.id();
    }
}
