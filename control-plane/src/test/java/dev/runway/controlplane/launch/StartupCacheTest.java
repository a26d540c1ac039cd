package dev.runway.controlplane.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which start-up cache a runner's JDK records and maps. */
class StartupCacheTest {

    @Test
    void jdk25AndLaterUseTheAotCacheNamedForTheirBuild() {
        assertThat(StartupCache.forJava("25.0.1")).isEqualTo(
                new StartupCache("jdk-25.0.1.aot", "-XX:AOTCacheOutput=", "-XX:AOTCache="));
        assertThat(StartupCache.forJava("26-ea").file()).isEqualTo("jdk-26-ea.aot");
    }

    @Test
    void earlierJdksUseADynamicClassDataArchive() {
        assertThat(StartupCache.forJava("21.0.5")).isEqualTo(
                new StartupCache("jdk-21.0.5.jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile="));
    }

    @Test
    void aVersionThatIsNotOneIsRefused() {
        assertThatThrownBy(() -> StartupCache.forJava("unknown")).hasMessageContaining("not a Java version: unknown");
    }
}
