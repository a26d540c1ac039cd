/**
 * Example flows, one feature per package, each with a README.md beside it. A flow is a Spring Cloud Function
 * bean; its bean name is the {@code flow:} a deployment in {@code deployments.yaml} refers to.
 */
package dev.runway.functions;
