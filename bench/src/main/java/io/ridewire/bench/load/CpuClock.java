package io.ridewire.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time used so far by this JVM, its JIT compilers or another process (Linux {@code /proc}), in nanoseconds. */
public final class CpuClock {
    private static final long TICK_NANOS = 10_000_000L; // USER_HZ is 100 on Linux

    private CpuClock() {
    }

    /** CPU used by this JVM and by its JIT compilers, read together; {@link #since} turns two readings into a span. */
    public record Usage(long cpuNanos, long compilerNanos) {
        public Usage since(Usage start) {
            return new Usage(cpuNanos - start.cpuNanos, compilerNanos - start.compilerNanos);
        }

        public Usage plus(Usage more) {
            return new Usage(cpuNanos + more.cpuNanos, compilerNanos + more.compilerNanos);
        }

        /** The compilers' share of the CPU: a phase they still take much of is not warm. */
        public double compilerShare() {
            return cpuNanos > 0 ? (double) compilerNanos / cpuNanos : 0;
        }
    }

    public static Usage usage() {
        return new Usage(self(), compilers());
    }

    /** The same for another JVM (Linux {@code /proc}). */
    public static Usage usage(long pid) {
        return new Usage(of(pid), compilers(pid));
    }

    public static long self() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time of this JVM's JIT compiler threads (their entries in Linux {@code /proc/PID/task}; 0 elsewhere). The
     * JVM's own compilation time counts wall time, which on a saturated machine is about twice the CPU the compilers
     * got.
     */
    public static long compilers() {
        return compilers(ProcessHandle.current().pid());
    }

    /** CPU time of another JVM's JIT compiler threads, as {@link #compilers()}. */
    public static long compilers(long pid) {
        long total = 0;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        total += ticks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException | RuntimeException gone) {
                    // a compiler thread that ended between the listing and the read
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return total;
    }

    /** utime + stime of a process; -1 when it cannot be read. */
    public static long of(long pid) {
        try {
            return ticks(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * TICK_NANOS;
    }
}
