package dev.runway.runner;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.stream.Stream;

/**
 * Where the runner looks for flows when {@code runway.flows.packages} does not say: the packages of the classes that
 * sit beside {@code deployments.yaml}. That is the functions module's own code — its classes folder, the runner jar's
 * {@code BOOT-INF/classes}, or the application jar of an unpacked runner — so a flow is found in whatever package a
 * user puts it, and dependencies are not scanned. Listing one folder or jar costs a few milliseconds; Spring then
 * scans only those packages. Classes generated from the flows at build time do not count.
 */
final class FlowPackages {

    static final String PROPERTY = "runway.flows.packages";
    /** Scanned when there is no deployments.yaml to go by: the example flows' packages. */
    static final String FALLBACK = "dev.runway";

    private FlowPackages() {
    }

    /** The top-most packages holding classes beside {@code deployments.yaml}; empty when there is none. */
    static List<String> besideDeployments(ClassLoader loader) {
        URL deployments = loader.getResource(DeploymentsFile.CLASSPATH_NAME);
        if (deployments == null) {
            return List.of();
        }
        String url = deployments.toString();
        URI root = URI.create(url.substring(0, url.length() - DeploymentsFile.CLASSPATH_NAME.length()));
        try (Stream<String> classes = classFiles(root.toURL())) {
            return topMost(classes.filter(name -> name.endsWith(".class") && name.contains("/") && !isGenerated(name))
                    .map(name -> name.substring(0, name.lastIndexOf('/')).replace('/', '.'))
                    .filter(name -> !name.startsWith("META-INF")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes beside " + deployments, e);
        }
    }

    /** Paths relative to {@code root}, with {@code /} between folders. */
    private static Stream<String> classFiles(URL root) throws IOException {
        if ("file".equals(root.getProtocol())) {
            Path folder;
            try {
                folder = Path.of(root.toURI());
            } catch (URISyntaxException e) {
                throw new IOException("cannot read " + root, e);
            }
            return Files.walk(folder).filter(Files::isRegularFile)
                    .map(file -> folder.relativize(file).toString().replace(File.separatorChar, '/'));
        }
        URLConnection connection = root.openConnection();
        if (connection instanceof JarURLConnection jar) {
            // The class loader's own jar file, cached by the connection: not ours to close.
            String prefix = jar.getEntryName() == null ? "" : jar.getEntryName();
            return jar.getJarFile().stream().map(JarEntry::getName)
                    .filter(name -> name.startsWith(prefix))
                    .map(name -> name.substring(prefix.length()));
        }
        return Stream.empty();
    }

    /**
     * Whether a class was generated from the flows rather than written: the bean definitions and proxies of a context
     * generated ahead of time ({@link FlowContextGenerator}) sit beside the flows but also in Spring's own packages.
     */
    private static boolean isGenerated(String classFile) {
        String simpleName = classFile.substring(classFile.lastIndexOf('/') + 1);
        return simpleName.contains("__") || simpleName.contains("$$");
    }

    private static List<String> topMost(Stream<String> packages) {
        List<String> top = new ArrayList<>();
        for (String name : new TreeSet<>(packages.toList())) {
            if (top.stream().noneMatch(parent -> name.startsWith(parent + "."))) {
                top.add(name);
            }
        }
        return top;
    }
}
