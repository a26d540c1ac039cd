package dev.runway.controlplane.launch;

import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a JVM of one version records and maps the start-up cache of a runner: JDK 25's AOT cache (JEP 483/514: the
 * classes loaded and linked, with their profiles) or, before 25, a dynamic class-data archive. A cache holds for one
 * JDK build and one set of JVM options (a different collector or heap size cannot map it), so its file is named after
 * both.
 *
 * @param file   its file name in the runner's folder
 * @param record the option that writes it when the training JVM exits, followed by the path
 * @param use    the option that maps it, followed by the path
 */
record StartupCache(String file, String record, String use) {

    private static final Pattern FEATURE = Pattern.compile("^(?:1\\.)?(\\d+)");
    private static final int AOT_CACHE_SINCE = 25;

    /**
     * @param javaVersion as {@code java -version} or a JDK's {@code release} file says it, e.g. {@code 25.0.1}
     * @param jvmOptions  the options runners start with
     */
    static StartupCache forJava(String javaVersion, List<String> jvmOptions) {
        Matcher feature = FEATURE.matcher(javaVersion);
        if (!feature.find()) {
            throw new IllegalArgumentException("not a Java version: " + javaVersion);
        }
        String name = "jdk-" + javaVersion.replaceAll("[^A-Za-z0-9.+-]", "_") + "-"
                + HexFormat.of().toHexDigits(String.join("\n", jvmOptions).hashCode());
        return Integer.parseInt(feature.group(1)) >= AOT_CACHE_SINCE
                ? new StartupCache(name + ".aot", "-XX:AOTCacheOutput=", "-XX:AOTCache=")
                : new StartupCache(name + ".jsa", "-XX:ArchiveClassesAtExit=", "-XX:SharedArchiveFile=");
    }
}
