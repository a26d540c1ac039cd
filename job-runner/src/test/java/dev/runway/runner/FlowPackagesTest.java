package dev.runway.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flows are looked for in the packages of the classes that sit beside deployments.yaml, whatever they are. */
class FlowPackagesTest {

    private static final List<String> FILES = List.of("deployments.yaml", "com/acme/flows/Chatty.class",
            "com/acme/flows/Chatty$Parameters.class", "dev/runway/functions/hello/Hello.class",
            "dev/runway/functions/package-info.class", "InTheDefaultPackage.class", "com/acme/flows/README.md",
            // generated from the flows at build time, in Spring's packages too
            "org/springframework/context/event/EventListenerMethodProcessor__BeanDefinitions.class",
            "com/acme/flows/Chatty__BeanDefinitions.class", "com/acme/config/Flows$$SpringCGLIB$$0.class");

    @TempDir
    Path folder;

    @Test
    void findsTheTopMostPackagesInAClassesFolder() throws IOException {
        for (String name : FILES) {
            Files.createDirectories(folder.resolve(name).getParent());
            Files.writeString(folder.resolve(name), "");
        }

        assertThat(packagesBeside(folder)).containsExactly("com.acme.flows", "dev.runway.functions");
    }

    @Test
    void findsThemInAJarToo() throws IOException {
        Path jar = folder.resolve("flows.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : FILES) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
        }

        assertThat(packagesBeside(jar)).containsExactly("com.acme.flows", "dev.runway.functions");
    }

    @Test
    void findsNoneWithoutADeploymentsFile() throws IOException {
        Files.createDirectories(folder.resolve("com/acme"));
        Files.writeString(folder.resolve("com/acme/Flow.class"), "");

        assertThat(packagesBeside(folder)).isEmpty();
    }

    private static List<String> packagesBeside(Path classPath) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classPath.toUri().toURL()}, null)) {
            return FlowPackages.besideDeployments(loader);
        }
    }
}
