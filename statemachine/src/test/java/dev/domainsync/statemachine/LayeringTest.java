package dev.domainsync.statemachine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The layering of DESIGN as rules: the local executor and the report's generic Step Functions history view know
 * nothing of the domain. Only the run digest ({@code RunDigest*}) and the page's composition ({@code AuditReport})
 * read domain-sync's own records.
 */
class LayeringTest {

    private static final String[] DOMAIN = {"dev.domainsync.rules..", "dev.domainsync.registry..",
            "dev.domainsync.steps..", "dev.domainsync.cloudformation..", "dev.domainsync.run..",
            "dev.domainsync.customresource..", "dev.domainsync.statemachine.compare.."};
    private static final String DIGEST = ".*\\.report\\.(RunDigest|RunDigestReader|RunDigestSections|ComparisonPanel"
            + "|AuditReport)(\\$.*)?";

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.domainsync.statemachine");

    @Test
    void executor_dependsOnNoDomainPackage() {
        noClasses().that().resideInAPackage("dev.domainsync.statemachine.executor..")
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN)
                .check(MAIN);
    }

    @Test
    void genericReport_dependsOnNoDomainPackageNorOnTheDigest() {
        genericReport().check(MAIN);
    }

    @Test
    void genericReportRule_catchesTheDigestsDomainImports() {
        ArchRule digestMustBeDomainFree = noClasses().that().haveNameMatching(DIGEST)
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN);

        assertThatThrownBy(() -> digestMustBeDomainFree.check(MAIN)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("RunDigestSections").hasMessageContaining("dev.domainsync.run.RunReport");
    }

    private static ArchRule genericReport() {
        return noClasses().that().resideInAPackage("dev.domainsync.statemachine.report")
                .and().haveNameNotMatching(DIGEST)
                .should().dependOnClassesThat().resideInAnyPackage(DOMAIN)
                .orShould().dependOnClassesThat().haveNameMatching(DIGEST);
    }
}
