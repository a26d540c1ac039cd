package dev.runway.controlplane.launch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

/**
 * A stand-in for the runner jar, compiled here: it prints its environment, one {@code NAME=value} a
 * line, then stays alive for {@code TEST_SLEEP_SECONDS} if that is set. Called with arguments (as
 * when the control plane tries to unpack it as a Spring Boot jar) it fails at once.
 */
final class EnvPrintingRunnerJar {

    static final String END = "END-OF-ENVIRONMENT";
    private static final String SOURCE = """
            public class Main {
                public static void main(String[] args) throws Exception {
                    if (args.length > 0) {
                        System.err.println("not a Spring Boot jar");
                        System.exit(2);
                    }
                    new java.util.TreeMap<>(System.getenv()).forEach((k, v) -> System.out.println(k + "=" + v));
                    System.out.println("%s");
                    System.out.flush();
                    String seconds = System.getenv("TEST_SLEEP_SECONDS");
                    if (seconds != null) {
                        Thread.sleep(Long.parseLong(seconds) * 1000);
                    }
                }
            }
            """.formatted(END);

    private EnvPrintingRunnerJar() {
    }

    /** Builds it as {@code <folder>/runway-runner.jar}. */
    static Path build(Path folder) throws IOException {
        Path sources = Files.createDirectories(folder.resolve("src"));
        Path main = Files.writeString(sources.resolve("Main.java"), SOURCE);
        int compiled = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", sources.toString(), main.toString());
        if (compiled != 0) {
            throw new IllegalStateException("cannot compile the stand-in runner");
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Main");
        Path jar = folder.resolve("runway-runner.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.putNextEntry(new JarEntry("Main.class"));
            out.write(Files.readAllBytes(sources.resolve("Main.class")));
            out.closeEntry();
        }
        return jar;
    }
}
