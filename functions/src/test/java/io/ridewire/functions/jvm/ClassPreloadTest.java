package io.ridewire.functions.jvm;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ClassPreloadTest {

    @Test
    void onInLambdaOnly_unlessTheSettingSays() {
        assertThat(ClassPreload.wanted(null, Map.of())).as("tests, the local stack").isFalse();
        assertThat(ClassPreload.wanted(null, Map.of("AWS_LAMBDA_FUNCTION_NAME", "connect"))).isTrue();
        assertThat(ClassPreload.wanted(null, Map.of("AWS_LAMBDA_FUNCTION_NAME", "connect", "RIDEWIRE_PRELOAD", "false")))
                .isFalse();
        assertThat(ClassPreload.wanted(null, Map.of("RIDEWIRE_PRELOAD", "true"))).isTrue();
        assertThat(ClassPreload.wanted("false", Map.of("RIDEWIRE_PRELOAD", "true"))).as("the property wins").isFalse();
        assertThat(ClassPreload.wanted("true", Map.of())).isTrue();
    }

    @Test
    void loadsAndLinksTheListedClasses_withoutInitialisingThem_andSkipsWhatIsMissing() throws Exception {
        String fixture = Fixture.class.getName();
        String missing = "io.ridewire.functions.jvm.NoSuchClass";
        ListLoader loader = new ListLoader(fixture + "\n# a comment\n\n" + missing + "\n");
        List<String> skipped = new ArrayList<>();

        int loaded = ClassPreload.preload(loader, skipped::add);

        assertThat(loaded).isEqualTo(1);
        assertThat(skipped).containsExactly(missing);
        assertThat(loader.loadedHere(fixture)).as("defined by the preload").isTrue();
        assertThat(System.getProperty(Fixture.INITIALISED)).as("its static initialiser has not run").isNull();
    }

    @Test
    void theShippedListNamesClassesThisBuildHas() throws IOException {
        List<String> skipped = new ArrayList<>();
        int loaded = ClassPreload.preload(getClass().getClassLoader(), skipped::add);

        // a list gone stale only preloads less, but one far from the code is worth regenerating
        assertThat(loaded).as("classes preloaded").isGreaterThan(5_000);
        assertThat(skipped.size()).as("names this build lacks: " + skipped.stream().limit(20).toList())
                .isLessThan(loaded / 20);
    }

    @Test
    void aStartedPreloadCanBeAwaited_asBeforeASnapshot() {
        String before = System.getProperty("ridewire.preload");
        System.setProperty("ridewire.preload", "true");
        try {
            ClassPreload.startIfWanted();
            ClassPreload.startIfWanted(); // once per JVM

            assertThat(ClassPreload.awaitDone(Duration.ofMinutes(2))).isTrue();
        } finally {
            if (before == null) {
                System.clearProperty("ridewire.preload");
            } else {
                System.setProperty("ridewire.preload", before);
            }
        }
    }

    /** A class whose initialiser leaves a trace. */
    static final class Fixture {
        static final String INITIALISED = "ridewire.test.preload-fixture-initialised";

        static {
            System.setProperty(INITIALISED, "true");
        }

        private int field;
    }

    /** Serves a given list, and defines the fixture itself so that its loading can be observed. */
    private static final class ListLoader extends ClassLoader {
        private final String list;

        ListLoader(String list) {
            super(ClassPreloadTest.class.getClassLoader());
            this.list = list;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            return name.equals(ClassPreload.LIST)
                    ? new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)) : super.getResourceAsStream(name);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(Fixture.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> defined = findLoadedClass(name);
                if (defined == null) {
                    try (InputStream bytes = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] code = bytes.readAllBytes();
                        defined = defineClass(name, code, 0, code.length);
                    } catch (IOException e) {
                        throw new ClassNotFoundException(name, e);
                    }
                }
                return defined;
            }
        }

        boolean loadedHere(String name) {
            return findLoadedClass(name) != null;
        }
    }
}
