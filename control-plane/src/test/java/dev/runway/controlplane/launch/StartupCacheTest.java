package dev.runway.controlplane.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which start-up cache a runner's JDK records and maps. */
class StartupCacheTest {

    private static final List<String> OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    void jdk25AndLaterUseTheAotCache() {
        StartupCache cache = StartupCache.forJava("25.0.1", OPTIONS);

        assertThat(cache.file()).startsWith("jdk-25.0.1-").endsWith(".aot");
        assertThat(cache.record()).isEqualTo("-XX:AOTCacheOutput=");
        assertThat(cache.use()).isEqualTo("-XX:AOTCache=");
        assertThat(StartupCache.forJava("26-ea", OPTIONS).file()).startsWith("jdk-26-ea-").endsWith(".aot");
    }

    @Test
    void earlierJdksUseADynamicClassDataArchive() {
        StartupCache cache = StartupCache.forJava("21.0.5", OPTIONS);

        assertThat(cache.file()).startsWith("jdk-21.0.5-").endsWith(".jsa");
        assertThat(cache.record()).isEqualTo("-XX:ArchiveClassesAtExit=");
        assertThat(cache.use()).isEqualTo("-XX:SharedArchiveFile=");
    }

    @Test
    void anotherJdkBuildOrOtherJvmOptionsNeedACacheOfTheirOwn() {
        String file = StartupCache.forJava("25.0.1", OPTIONS).file();

        assertThat(StartupCache.forJava("25.0.1", OPTIONS).file()).isEqualTo(file);
        assertThat(StartupCache.forJava("25.0.2", OPTIONS).file()).isNotEqualTo(file);
        assertThat(StartupCache.forJava("25.0.1", List.of("-XX:+UseSerialGC", "-Xmx64m")).file()).isNotEqualTo(file);
    }

    @Test
    void aVersionThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> StartupCache.forJava("unknown", OPTIONS)).hasMessageContaining("not a Java version: unknown");
    }
}
