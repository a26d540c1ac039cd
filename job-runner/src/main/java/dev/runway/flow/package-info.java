/**
 * What flow code imports from Runway. Flows are plain Spring Cloud Function beans
 * ({@code Function<Parameters, Result>}) that log through SLF4J; this package adds only
 * {@link dev.runway.flow.Tasks}, which makes the steps of a flow visible as task runs.
 *
 * <p>Everything here also works outside a flow run, so a flow is unit-tested as a plain object.
 * {@code dev.runway.flow.internal} is the runner's side of the seam and not for flow code.
 */
package dev.runway.flow;
