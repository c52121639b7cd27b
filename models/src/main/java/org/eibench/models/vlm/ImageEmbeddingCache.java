package org.eibench.models.vlm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eibench.kernels.llama.ImageEmbedding;

/**
 * A bounded LRU cache of image encodings keyed by image content hash (libmtmd's SHA-256 of the encoded bytes), so
 * each distinct image is encoded once however many sequences or requests use it. Used by the one thread that prepares
 * a {@link BatchGenerator}'s requests; synchronized so that its counters can be read from any thread.
 */
final class ImageEmbeddingCache {
    private final int capacity;
    private final LinkedHashMap<String, ImageEmbedding> entries = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ImageEmbedding> eldest) {
            return size() > capacity;
        }
    };
    private long hits;
    private long misses;

    ImageEmbeddingCache(int capacity) {
        this.capacity = capacity;
    }

    synchronized ImageEmbedding get(String hash) {
        ImageEmbedding found = capacity == 0 || hash.isEmpty() ? null : entries.get(hash);
        if (found == null) {
            misses++;
        } else {
            hits++;
        }
        return found;
    }

    synchronized void put(String hash, ImageEmbedding embedding) {
        if (capacity > 0 && !hash.isEmpty()) {
            entries.put(hash, embedding);
        }
    }

    synchronized int size() {
        return entries.size();
    }

    synchronized long hits() {
        return hits;
    }

    synchronized long misses() {
        return misses;
    }
}
