package com.opportunityengine.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The query side stands on the shared modules (the published language, the event log, the platform: security,
 * the pipeline registry, problems) and never on the command side: not in its code, not on its class path.
 */
@AnalyzeClasses(packages = "com.opportunityengine.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

    @ArchTest
    static final ArchRule nothingOfTheCommandSide = noClasses()
            .that().resideInAPackage("com.opportunityengine.query..")
            .should().dependOnClassesThat(resideInAPackage("com.opportunityengine.command.."));

    @ArchTest
    static final ArchRule onlyTheSharedModules = noClasses()
            .that().resideInAPackage("com.opportunityengine.query..")
            .should().dependOnClassesThat(resideInAPackage("com.opportunityengine..")
                    .and(not(resideInAnyPackage("com.opportunityengine.query..", "com.opportunityengine.events..",
                            "com.opportunityengine.store", "com.opportunityengine.pipeline..",
                            "com.opportunityengine.security..", "com.opportunityengine.platform.."))));

    @ArchTest
    static final ArchRule notTheEmbeddedStore = noClasses()
            .that().resideInAPackage("com.opportunityengine.query..")
            .should().dependOnClassesThat(resideInAPackage("com.opportunityengine.store.embedded.."));

    /** The Maven dependency: the command side's jar is not even on the query side's test class path. */
    @Test
    void theCommandSideIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("com.opportunityengine.command.CommandSideApplication"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
