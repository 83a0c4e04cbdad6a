package dev.domainsync.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.domainsync.config.Config;
import org.junit.jupiter.api.Test;

/**
 * The package arrows of DESIGN as rules over the main classes: the sync rules at the bottom; CloudFormation and the
 * registry above them, apart from each other; the steps (the event path's ReadStack and ApplyStack among them) and
 * the custom resource on top; the production collaborators built from {@link Config} in {@code wiring} alone.
 */
class LayeringTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
            .importPackages("dev.domainsync");

    @Test
    void layers_dependOnlyDownwards() {
        layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .layer("Rules").definedBy("dev.domainsync.rules..")
                .layer("Json").definedBy("dev.domainsync.json..")
                .layer("Telemetry").definedBy("dev.domainsync.telemetry..")
                .layer("Config").definedBy("dev.domainsync.config..")
                .layer("Run").definedBy("dev.domainsync.run..")
                .layer("CloudFormation").definedBy("dev.domainsync.cloudformation..")
                .layer("Registry").definedBy("dev.domainsync.registry..")
                .layer("Wiring").definedBy("dev.domainsync.wiring..")
                .layer("Steps").definedBy("dev.domainsync.steps..")
                .layer("CustomResource").definedBy("dev.domainsync.customresource..")
                .whereLayer("Steps").mayNotBeAccessedByAnyLayer()
                .whereLayer("CustomResource").mayNotBeAccessedByAnyLayer()
                .whereLayer("Wiring").mayOnlyBeAccessedByLayers("Steps", "CustomResource")
                .whereLayer("CloudFormation").mayOnlyBeAccessedByLayers("Wiring", "Steps", "CustomResource")
                .whereLayer("Registry").mayOnlyBeAccessedByLayers("Wiring", "Steps", "CustomResource")
                .whereLayer("Run").mayOnlyBeAccessedByLayers("Registry", "Wiring", "Steps", "CustomResource")
                .whereLayer("Telemetry").mayOnlyBeAccessedByLayers("Json", "Steps", "CustomResource")
                .check(MAIN);
    }

    @Test
    void rules_importNoOtherLayer() {
        noClasses().that().resideInAPackage("dev.domainsync.rules..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.domainsync.cloudformation..",
                        "dev.domainsync.registry..", "dev.domainsync.steps..", "dev.domainsync.customresource..",
                        "dev.domainsync.config..", "dev.domainsync.run..", "dev.domainsync.wiring..")
                .check(MAIN);
    }

    @Test
    void telemetry_knowsNothingOfTheDomain() {
        noClasses().that().resideInAPackage("dev.domainsync.telemetry..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.domainsync.rules..", "dev.domainsync.json..",
                        "dev.domainsync.config..", "dev.domainsync.run..", "dev.domainsync.cloudformation..",
                        "dev.domainsync.registry..", "dev.domainsync.wiring..", "dev.domainsync.steps..",
                        "dev.domainsync.customresource..")
                .because("it carries log fields and counts for every step, whatever they mean")
                .check(MAIN);
    }

    @Test
    void cloudFormationAndRegistry_neverReadConfig() {
        noClasses().that().resideInAnyPackage("dev.domainsync.cloudformation..", "dev.domainsync.registry..")
                .should().dependOnClassesThat().belongToAnyOf(Config.class)
                .because("the collaborators are wired from Config in one place, dev.domainsync.wiring")
                .check(MAIN);
    }

    @Test
    void packages_areFreeOfCycles() {
        slices().matching("dev.domainsync.(*)..").should().beFreeOfCycles().check(MAIN);
    }
}
