package org.eibench.kernels.llama;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The compute devices ggml registered in this build ({@code ggml_backend_dev_*}): the CPU, and each GPU when the build
 * has CUDA, with their free and total memory as the backend reports them now.
 */
public final class BackendDevices {
    /** {@code enum ggml_backend_dev_type}, in its order. */
    public enum Type {
        CPU, GPU, IGPU, ACCEL, META, UNKNOWN;

        static Type of(int value) {
            Type[] known = values();
            return value >= 0 && value < known.length - 1 ? known[value] : UNKNOWN;
        }
    }

    /**
     * One device.
     *
     * @param name ggml's device name (e.g. {@code CPU}, {@code CUDA0})
     * @param description e.g. the GPU model
     * @param type what kind of device
     * @param freeBytes memory free now (host memory for the CPU)
     * @param totalBytes memory in all
     */
    public record Device(String name, String description, Type type, long freeBytes, long totalBytes) {
        /** Whether the model's layers and KV cache live in this device's own memory when offloaded. */
        public boolean dedicatedMemory() {
            return type == Type.GPU;
        }
    }

    private BackendDevices() {
    }

    /** Every registered device, in ggml's order (GPUs first when present). */
    public static List<Device> list() {
        NativeLibraries.get();
        long count = LlamaNative.ggml_backend_dev_count();
        List<Device> devices = new ArrayList<>((int) count);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment free = arena.allocate(JAVA_LONG);
            MemorySegment total = arena.allocate(JAVA_LONG);
            for (long i = 0; i < count; i++) {
                MemorySegment device = LlamaNative.ggml_backend_dev_get(i);
                if (device.equals(MemorySegment.NULL)) {
                    continue;
                }
                free.set(JAVA_LONG, 0, 0);
                total.set(JAVA_LONG, 0, 0);
                LlamaNative.ggml_backend_dev_memory(device, free, total);
                devices.add(new Device(text(LlamaNative.ggml_backend_dev_name(device)),
                        text(LlamaNative.ggml_backend_dev_description(device)),
                        Type.of(LlamaNative.ggml_backend_dev_type(device)), free.get(JAVA_LONG, 0),
                        total.get(JAVA_LONG, 0)));
            }
        }
        return List.copyOf(devices);
    }

    private static String text(MemorySegment cString) {
        return cString.equals(MemorySegment.NULL) ? "" : cString.reinterpret(Long.MAX_VALUE).getString(0);
    }
}
