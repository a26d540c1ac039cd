package dev.runway.controlplane;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import dev.runway.controlplane.orchestration.OrchestrationRules;

/** Keeps the design's seams honest as the code grows. */
@AnalyzeClasses(packages = "dev.runway.controlplane", importOptions = ImportOption.DoNotIncludeTests.class)
class PackageRulesTest {

    /** The rules stay a pure function of values: no database, no HTTP, no Spring beans to call. */
    @ArchTest
    static final ArchRule rulesArePure = classes().that().haveSimpleName(OrchestrationRules.class.getSimpleName())
            .or().haveSimpleName("Decision").or().haveSimpleName("Proposal").or().haveSimpleName("RunSnapshot")
            .should().onlyDependOnClassesThat().resideInAnyPackage("java.lang..", "java.time..", "java.util..",
                    "dev.runway.model..", "dev.runway.controlplane.orchestration..", "org.springframework.stereotype..");

    /** Persistence knows nothing of the web or of how runs are launched. */
    @ArchTest
    static final ArchRule storesStayBelowTheCore = noClasses().that().resideInAPackage("..store..")
            .should().dependOnClassesThat().resideInAnyPackage("..api..", "..launch..", "..dispatch..",
                    "..orchestration..", "jakarta.servlet..");

    /** The core reaches infrastructure only through its ports: dispatch never names a concrete launcher. */
    @ArchTest
    static final ArchRule dispatchUsesThePorts = noClasses().that().resideInAPackage("..dispatch..")
            .should().dependOnClassesThat().haveSimpleName("ProcessLauncher");

    /** Nothing but the API layer knows about HTTP controllers and problem rendering. */
    @ArchTest
    static final ArchRule onlyTheApiServesHttp = noClasses().that().resideOutsideOfPackage("dev.runway.controlplane.api..")
            .should().dependOnClassesThat().resideInAPackage("dev.runway.controlplane.api..");

    /** Pub/Sub is one adapter of the dispatch port: its library stays in it, and the core never names it. */
    @ArchTest
    static final ArchRule pubSubStaysInItsAdapter = noClasses().that()
            .resideOutsideOfPackage("dev.runway.controlplane.dispatch.pubsub..")
            .should().dependOnClassesThat().resideInAnyPackage("com.google.cloud.pubsub..", "com.google.pubsub..",
                    "dev.runway.controlplane.dispatch.pubsub..");

    /** A result store is chosen by the URI in runway.results.store, never by naming an adapter. */
    @ArchTest
    static final ArchRule resultStoresAreChosenByTheirUri = noClasses().should().dependOnClassesThat()
            .resideInAnyPackage("dev.runway.gcs..", "com.google.cloud.storage..");
}
