package io.ridewire.functions.jvm;

/**
 * What a function does for itself before its libraries load. It starts the {@link ClassPreload} (in Lambda), and sets
 * system properties, each only if not given: Netty and Lettuce otherwise start JDK Flight Recorder support (about
 * 120 classes, and the JFR runtime, on every cold start) for events that nobody records on Lambda. Set
 * {@code -Dio.netty.jfr.enabled=true -Dio.lettuce.core.jfr=true} to have them.
 */
public final class StartupDefaults {
    private StartupDefaults() {
    }

    /** Called from the static initialiser of every Lambda entry class, before its application context starts. */
    public static void apply() {
        setIfAbsent("io.netty.jfr.enabled", "false");
        setIfAbsent("io.lettuce.core.jfr", "false");
        ClassPreload.startIfWanted();
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }
}
