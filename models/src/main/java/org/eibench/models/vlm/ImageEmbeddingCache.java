package org.eibench.models.vlm;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eibench.kernels.llama.ImageEmbedding;

/**
 * A bounded LRU cache of image encodings keyed by image content hash (libmtmd's SHA-256 of the encoded bytes), so
 * each distinct image is encoded once however many sequences or requests use it. Not thread-safe: used by the one
 * thread that drives a {@link BatchGenerator}.
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

    ImageEmbedding get(String hash) {
        ImageEmbedding found = capacity == 0 || hash.isEmpty() ? null : entries.get(hash);
        if (found == null) {
            misses++;
        } else {
            hits++;
        }
        return found;
    }

    void put(String hash, ImageEmbedding embedding) {
        if (capacity > 0 && !hash.isEmpty()) {
            entries.put(hash, embedding);
        }
    }

    int size() {
        return entries.size();
    }

    long hits() {
        return hits;
    }

    long misses() {
        return misses;
    }
}
