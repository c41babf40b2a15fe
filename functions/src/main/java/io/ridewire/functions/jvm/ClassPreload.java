package io.ridewire.functions.jvm;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Loads and links, on a second thread, the classes a cold start is about to need, while the main thread builds the
 * application context: a plain JVM spends most of its start loading, verifying and linking about ten thousand
 * classes one after the other. The list ({@value #LIST}) is what a primed run of the Lambda jar loaded
 * ({@code ./ridewire bench cold --write-preload-list true} writes it); a name this build lacks is skipped. Classes
 * are not initialised, so no static initialiser runs early or out of order.
 *
 * <p>On in Lambda (where {@code AWS_LAMBDA_FUNCTION_NAME} is set), off elsewhere (tests and the local stack share
 * one JVM that would gain nothing); {@code -Dridewire.preload} or {@code RIDEWIRE_PRELOAD} ({@code true}/{@code false})
 * decide instead when given. Under SnapStart the classes loaded before the snapshot are part of it.
 */
public final class ClassPreload {
    static final String LIST = "META-INF/ridewire/preload-classes.txt";
    private static volatile Thread running;

    private ClassPreload() {
    }

    /** Starts the preload thread when {@link #wanted} says so (once per JVM). */
    static synchronized void startIfWanted() {
        if (running == null && wanted(System.getProperty("ridewire.preload"), System.getenv())) {
            ClassLoader loader = ClassPreload.class.getClassLoader();
            Thread thread = new Thread(() -> preload(loader, name -> { }), "class-preload");
            thread.setDaemon(true);
            thread.start();
            running = thread;
        }
    }

    /**
     * Waits for a started preload to finish, up to {@code timeout}: before a snapshot, so the snapshot holds every
     * listed class and no preload competes with the first request after a restore.
     *
     * @return true when no preload is running any more
     */
    public static boolean awaitDone(Duration timeout) {
        Thread thread = running;
        if (thread == null) {
            return true;
        }
        try {
            return thread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static boolean wanted(String property, Map<String, String> environment) {
        String setting = property != null ? property : environment.get("RIDEWIRE_PRELOAD");
        return setting != null ? Boolean.parseBoolean(setting.trim())
                : environment.containsKey("AWS_LAMBDA_FUNCTION_NAME");
    }

    /** Loads and links every class the list names that {@code loader} has; returns how many. */
    static int preload(ClassLoader loader, Consumer<String> skipped) {
        int loaded = 0;
        try (InputStream in = loader.getResourceAsStream(LIST)) {
            if (in == null) {
                return 0;
            }
            BufferedReader names = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String name = names.readLine(); name != null; name = names.readLine()) {
                if (name.isBlank() || name.startsWith("#")) {
                    continue;
                }
                try {
                    Class.forName(name.trim(), false, loader).getDeclaredFields(); // reflection links the class
                    loaded++;
                } catch (LinkageError | ClassNotFoundException | SecurityException notHere) {
                    skipped.accept(name);
                }
            }
        } catch (IOException unreadable) {
            // a hint only: the main thread loads whatever it needs anyway
        }
        return loaded;
    }
}
