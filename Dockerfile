# The runner image: what a Cloud Run job execution of a `cloud-run` work pool runs (the job runner and the flows of
# functions/), plus the `runway` CLI, which Cloud Build calls from this same image to point the work pools at it and
# to deploy (see cloudbuild.yaml).
#
#   docker build -t runner .
#   docker run --rm -e RUNWAY_API_URL=… -e RUNWAY_RUN_ID=… -e RUNWAY_ATTEMPT=… -e RUNWAY_RUN_TOKEN=… \
#     -e RUNWAY_RESULT_STORE=gs://bucket/results runner              # what Cloud Run does for each run
#   docker run --rm --entrypoint runway -e RUNWAY_API_URL=… -e RUNWAY_API_KEY=… runner pools ls
#
# Base images are pinned by exact version and by the digest of their multi-arch index as published for that tag on
# Docker Hub (taken from the registry's listing, not pulled here: this repository's machines have no Docker engine).
# Adoptium rebuilds a tag for OS fixes, so bump tag and digest together, both stages at once: the start-up cache
# below is only valid for the JVM build that wrote it, and both stages should build and run on the same one.

# ---- build: the runner jar and the CLI jar, with the project's Maven wrapper -------------------------------------
FROM eclipse-temurin:25.0.3_9-jdk-noble@sha256:735baf2edc6cd6485240144a84fa4db142b9a6f47b4eb4080f31058d200f9813 AS build
WORKDIR /src
COPY . .
# Only the modules the two jars are made of; the tests ran before the image is built (cloudbuild.yaml's first step).
RUN ./mvnw -B -q -DskipTests -pl functions,cli -am package \
 && java -Djarmode=tools -jar functions/target/runway-runner.jar extract --destination /out/runner \
 && mkdir -p /out/cli && cp cli/target/runway-cli.jar /out/cli/

# ---- runtime: the JRE, the runner unpacked with its start-up cache, the CLI ---------------------------------------
FROM eclipse-temurin:25.0.3_9-jre-noble@sha256:fbcf915c585659b30eb766ada4d6d7cfc9ec1040bf521e95bf61b10a25af73db
RUN groupadd --system --gid 10001 runway \
 && useradd --system --uid 10001 --gid 10001 --home-dir /home/runway --create-home --shell /usr/sbin/nologin runway
# Root owns the application, so a flow cannot change the code or the cache the next run starts from.
COPY --from=build /out/runner/ /opt/runway/runner/
COPY --from=build /out/cli/ /opt/runway/cli/
COPY scripts/image/runway /usr/local/bin/runway
# The start-up cache (JDK 25's AOT cache): a training run loads and links the classes a runner needs, and the JVM
# writes them, already parsed, verified and linked, into runner.aot, which every run maps instead of doing that work
# again. The training run is the runner's --train mode: a describe (the flows' whole Spring context and
# deployments.yaml) and then a whole run of a flow of the runner's own against a stand-in control plane on a loopback
# port, so the cache also holds what a run loads (claim, state reports, heartbeats, logs, the task, the result), then
# it exits; no user flow runs and nothing leaves the build. It runs here, on this stage's JVM, with the JVM options of
# the entrypoint below (the cache is checked against the JVM, its options and the class path: the unpacked jars,
# which is also why the runner is unpacked rather than run as a fat jar, whose nested jars no cache can hold).
# The JVM lists every class it leaves out of the cache (proxies, classes linked before the cache was set up …) on
# stderr: that list is shown only when the training run fails.
RUN if ! java -XX:AOTCacheOutput=/opt/runway/runner/runner.aot \
        -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:MaxRAMPercentage=75 -Xlog:disable -Xlog:all=warning:stderr \
        -jar /opt/runway/runner/runway-runner.jar --train > /dev/null 2> /tmp/training.log; then \
      tail -n 40 /tmp/training.log >&2; exit 1; \
    fi \
 && rm /tmp/training.log \
 && test -s /opt/runway/runner/runner.aot
USER 10001:10001
WORKDIR /home/runway
# The runner in run mode, as the Cloud Run launcher starts it: it reads RUNWAY_API_URL, RUNWAY_RUN_ID, RUNWAY_ATTEMPT,
# RUNWAY_RUN_TOKEN, RUNWAY_RESULT_STORE … from the execution's environment, and a job template's `args` come after
# these (Spring properties such as --runway.flows.packages=…). The JVM options are the local runners' (the quick JIT
# tier and the small collector start a short-lived JVM fastest; runway.launcher.jvm-args) plus a heap sized to the
# container's memory limit rather than a quarter of it.
ENTRYPOINT ["java", "-XX:AOTCache=/opt/runway/runner/runner.aot", \
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:MaxRAMPercentage=75", "-Xlog:disable", "-Xlog:all=warning:stderr", \
            "-jar", "/opt/runway/runner/runway-runner.jar"]
