package io.ridewire.bench.cold;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a cold start's CPU goes, from async-profiler's collapsed stacks of one launch (all threads, JVM frames
 * included): shares of the samples by frames anywhere on the stack (a sample can count in several rows), and the
 * beans whose creation cost most.
 */
final class StartupProfile {
    private static final Pattern BEAN = Pattern.compile("\\$([A-Za-z0-9_$]+?)\\$Definition\\.(instantiate|build)");

    private StartupProfile() {
    }

    static String summary(List<String> lines) {
        Map<String, Predicate<String>> rows = new LinkedHashMap<>();
        rows.put("constructing the handler (its application context)", s -> s.contains("MicronautRequestHandler.<init>"));
        rows.put("  reading configuration and bean definitions", s -> s.contains("DefaultApplicationContext.getEnvironment")
                || s.contains("DefaultApplicationContextBuilder.<init>") || s.contains("DefaultBeanContext.loadEagerBeans")
                || s.contains("DefaultApplicationContext.startEnvironment"));
        rows.put("  creating singletons up front (eager init)", s -> s.contains("DefaultBeanContext.initializeEagerBean"));
        rows.put("the two `$connect`s (handleRequest)", s -> s.contains("MicronautRequestHandler.handleRequest"));
        rows.put("AWS SDK (building clients, first calls)", s -> s.contains("software/amazon/awssdk"));
        rows.put("Redis (Lettuce: client, connect, scripts)", s -> s.contains("io/lettuce"));
        rows.put("class loading, linking, verifying (JVM)", s -> s.contains("SystemDictionary::") || s.contains("ClassLoader.loadClass")
                || s.contains("InstanceKlass::link") || s.contains("Verifier::") || s.contains("ClassFileParser::"));
        rows.put("class initialisers (<clinit>)", s -> s.contains(".<clinit>"));
        rows.put("interpreted code", s -> s.contains("Interpreter"));
        rows.put("JIT compiler threads", s -> s.contains("CompileBroker::"));
        rows.put("GC", s -> s.contains("GenCollect") || s.contains("SerialHeap::") || s.contains("VM_GC"));
        long total = 0;
        long[] counts = new long[rows.size()];
        Map<String, Long> beans = new HashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            long samples = Long.parseLong(line.substring(space + 1).trim());
            String stack = line.substring(0, space);
            total += samples;
            int i = 0;
            for (Predicate<String> row : rows.values()) {
                if (row.test(stack)) {
                    counts[i] += samples;
                }
                i++;
            }
            Matcher bean = BEAN.matcher(stack); // the outermost bean a sample is creating
            if (bean.find()) {
                beans.merge(bean.group(1), samples, Long::sum);
            }
        }
        long all = Math.max(1, total);
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "%d CPU samples (1 ms each), all threads%n%n"
                + "| frames on the stack | share |%n| --- | --- |%n", total));
        int i = 0;
        for (String row : rows.keySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %.1f %% |%n", row, 100.0 * counts[i++] / all));
        }
        out.append(String.format(Locale.ROOT, "%nCostliest beans to create (outermost, with what they create in turn):%n"));
        beans.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .forEach(e -> out.append(String.format(Locale.ROOT, "  %5.1f %%  %s%n", 100.0 * e.getValue() / all,
                        e.getKey().replace('$', '.'))));
        return out.toString();
    }
}
