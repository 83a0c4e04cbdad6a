package dev.domainsync.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;

/**
 * The machine a run measured: numbers from a loaded machine say more about the neighbours than about the code, so
 * every result carries the load average at its start and end.
 */
record Machine(int cores, long memoryMiB, long maxHeapMiB, String java, String os, double loadAverageAtStart,
               double loadAverageAtEnd) {

    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    static Machine atStart() {
        return new Machine(Runtime.getRuntime().availableProcessors(), OS.getTotalMemorySize() >> 20,
                Runtime.getRuntime().maxMemory() >> 20,
                System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"),
                OS.getSystemLoadAverage(), Double.NaN);
    }

    Machine atEnd() {
        return new Machine(cores, memoryMiB, maxHeapMiB, java, os, loadAverageAtStart, OS.getSystemLoadAverage());
    }

    String describe() {
        return String.format("%d cores, %,d MiB memory (heap max %,d MiB), %s, %s, load average %.1f at start, %.1f at end",
                cores, memoryMiB, maxHeapMiB, java, os, loadAverageAtStart, loadAverageAtEnd);
    }
}
