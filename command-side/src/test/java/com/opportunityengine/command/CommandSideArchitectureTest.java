package com.opportunityengine.command;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The command side's shape. Its packages form no cycle. Its domain (the aggregates, their state folds, the
 * rules they check: {@code opportunity}, {@code customer}, {@code deal}, {@code common}, {@code access},
 * without their {@code web} sub-packages) is plain Java on Axon and the published language: no Spring, no
 * Mongo or BSON, no Spring Security, no servlet API, nothing of the edge (web, config, idempotency), and
 * nothing of the platform that itself stands on Spring (it uses the platform's {@code Role} and
 * {@code Pipelines}, which do not). It never depends on the query side.
 */
@AnalyzeClasses(packages = "com.opportunityengine", importOptions = ImportOption.DoNotIncludeTests.class)
class CommandSideArchitectureTest {

    static final String[] DOMAIN = {
        "com.opportunityengine.command.opportunity",
        "com.opportunityengine.command.customer",
        "com.opportunityengine.command.deal",
        "com.opportunityengine.command.common",
        "com.opportunityengine.command.access"
    };

    /** A class that depends on Spring itself (the framework, its web, its security). */
    static final DescribedPredicate<JavaClass> STANDS_ON_SPRING = new DescribedPredicate<>("stand on Spring") {
        @Override
        public boolean test(JavaClass type) {
            return type.getDirectDependenciesFromSelf().stream()
                    .anyMatch(dependency ->
                            dependency.getTargetClass().getPackageName().startsWith("org.springframework"));
        }
    };

    @ArchTest
    static final ArchRule noPackageCycles =
            slices().matching("com.opportunityengine.command.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule theDomainImportsNoFrameworkButAxon = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "org.springframework..",
                    "com.mongodb..",
                    "org.bson..",
                    "jakarta.servlet..",
                    "javax.servlet..",
                    "de.bwaldvogel..");

    @ArchTest
    static final ArchRule theDomainKnowsNothingOfTheEdge = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(
                    "com.opportunityengine.command..web..",
                    "com.opportunityengine.command.config..",
                    "com.opportunityengine.command.idempotency..",
                    "com.opportunityengine.command.audit..",
                    "com.opportunityengine.command.imports..");

    @ArchTest
    static final ArchRule theDomainUsesNothingOfThePlatformThatStandsOnSpring = noClasses()
            .that()
            .resideInAnyPackage(DOMAIN)
            .should()
            .dependOnClassesThat(resideInAnyPackage(
                            "com.opportunityengine.security..",
                            "com.opportunityengine.pipeline..",
                            "com.opportunityengine.platform..",
                            "com.opportunityengine.store..")
                    .and(STANDS_ON_SPRING));

    @ArchTest
    static final ArchRule nothingOfTheQuerySide = noClasses()
            .that()
            .resideInAPackage("com.opportunityengine.command..")
            .should()
            .dependOnClassesThat(resideInAPackage("com.opportunityengine.query.."));
}
