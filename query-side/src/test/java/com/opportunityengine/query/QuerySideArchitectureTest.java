package com.opportunityengine.query;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/** The query side reads the command side's store and pipelines, nothing else of it. */
@AnalyzeClasses(packages = "com.opportunityengine.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

    @ArchTest
    static final ArchRule onlyThePipelinesOfTheCommandSide = noClasses()
            .that().resideInAPackage("com.opportunityengine.query..")
            .should().dependOnClassesThat(resideInAPackage("com.opportunityengine.command..")
                    .and(not(resideInAPackage("com.opportunityengine.command.pipeline.."))));
}
