package com.opportunityengine.events;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** shared-events is the published language: other services depend on it, so it drags in no framework. */
class PublishedLanguageArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.opportunityengine.events");

    @Test
    void dependsOnNeitherSpringNorMongo() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "com.mongodb..", "org.bson..", "de.bwaldvogel..")
                .check(classes);
    }

    @Test
    void usesOnlyTheJdkJacksonAnnotationsAndAxonMessageAnnotations() {
        classes()
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "java..",
                        "com.opportunityengine.events..",
                        "com.fasterxml.jackson.annotation..",
                        "org.axonframework.serialization..",
                        "org.axonframework.modelling.command..")
                .check(classes);
    }

    @Test
    void eventsAndCommandsAreRecords() {
        classes()
                .that()
                .resideInAPackage("com.opportunityengine.events..")
                .and()
                .areNotEnums()
                .and()
                .areNotInterfaces()
                .and()
                .haveSimpleNameNotEndingWith("Exception")
                .and()
                .doNotHaveSimpleName("Ids")
                .should()
                .beAssignableTo(Record.class)
                .check(classes);
    }
}
