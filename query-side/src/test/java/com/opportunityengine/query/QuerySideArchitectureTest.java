package com.opportunityengine.query;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.simpleNameEndingWith;
import static com.tngtech.archunit.core.domain.properties.CanBeAnnotated.Predicates.annotatedWith;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoCollection;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.properties.HasOwner;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.axonframework.config.ProcessingGroup;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.RestController;

/**
 * The query side stands on the shared modules (the published language, the event log, the platform: security,
 * the pipeline registry, problems) and never on the command side: not in its code, not on its class path. Within
 * it every read model has one anatomy: a projection (its processing group) writes a store, the only class that
 * touches the store's collections; a query service reads stores; a controller maps a request to a service's query.
 */
@AnalyzeClasses(packages = "com.opportunityengine.query", importOptions = ImportOption.DoNotIncludeTests.class)
class QuerySideArchitectureTest {

    @ArchTest
    static final ArchRule nothingOfTheCommandSide = noClasses()
            .that()
            .resideInAPackage("com.opportunityengine.query..")
            .should()
            .dependOnClassesThat(resideInAPackage("com.opportunityengine.command.."));

    @ArchTest
    static final ArchRule onlyTheSharedModules = noClasses()
            .that()
            .resideInAPackage("com.opportunityengine.query..")
            .should()
            .dependOnClassesThat(resideInAPackage("com.opportunityengine..")
                    .and(not(resideInAnyPackage(
                            "com.opportunityengine.query..",
                            "com.opportunityengine.events..",
                            "com.opportunityengine.store",
                            "com.opportunityengine.pipeline..",
                            "com.opportunityengine.security..",
                            "com.opportunityengine.platform.."))));

    @ArchTest
    static final ArchRule notTheEmbeddedStore = noClasses()
            .that()
            .resideInAPackage("com.opportunityengine.query..")
            .should()
            .dependOnClassesThat(resideInAPackage("com.opportunityengine.store.embedded.."));

    private static final String STORE_MACHINERY = "com.opportunityengine.query.store..";

    /** A store (or a class nested in one): the one class of a read model that reads and writes its collections. */
    private static final DescribedPredicate<JavaClass> STORES = DescribedPredicate.<JavaClass>describe(
                    "a store", type -> outermost(type).getSimpleName().endsWith("Store"))
            .or(resideInAPackage(STORE_MACHINERY));

    private static JavaClass outermost(JavaClass type) {
        JavaClass outer = type;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
    }

    @ArchTest
    static final ArchRule onlyStoresTouchCollections = noClasses()
            .that()
            .resideInAPackage("com.opportunityengine.query..")
            .and(not(STORES))
            .should()
            .dependOnClassesThat(assignableTo(MongoCollection.class))
            .because("a store alone owns its collections and their field names");

    @ArchTest
    static final ArchRule controllersNeverUseProjections = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .dependOnClassesThat(annotatedWith(ProcessingGroup.class));

    @ArchTest
    static final ArchRule controllersGoThroughAQueryService = noClasses()
            .that()
            .areAnnotatedWith(RestController.class)
            .should()
            .dependOnClassesThat(STORES)
            .because("a controller maps a request to a query and the answer to JSON, nothing more");

    @ArchTest
    static final ArchRule projectionsNeverUseControllersOrServices = noClasses()
            .that()
            .areAnnotatedWith(ProcessingGroup.class)
            .should()
            .dependOnClassesThat(annotatedWith(RestController.class).or(annotatedWith(Service.class)));

    @ArchTest
    static final ArchRule servicesNeverReachIntoProjections = noClasses()
            .that()
            .areAnnotatedWith(Service.class)
            .should()
            .dependOnClassesThat(annotatedWith(ProcessingGroup.class));

    @ArchTest
    static final ArchRule storesAreBuiltOnlyBySpring = noClasses()
            .that()
            .areAnnotatedWith(ProcessingGroup.class)
            .or()
            .areAnnotatedWith(RestController.class)
            .or()
            .areAnnotatedWith(Service.class)
            .should()
            .callConstructorWhere(JavaConstructorCall.Predicates.target(
                    HasOwner.Predicates.With.owner(simpleNameEndingWith("Store"))))
            .because("each store is one bean, injected");

    @ArchTest
    static final ArchRule controllersArePackagePrivate =
            classes().that().areAnnotatedWith(RestController.class).should().notBePublic();

    @ArchTest
    static final ArchRule noCyclesBetweenFeatures =
            slices().matching("com.opportunityengine.query.(*)..").should().beFreeOfCycles();

    /** The Maven dependency: the command side's jar is not even on the query side's test class path. */
    @Test
    void theCommandSideIsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("com.opportunityengine.command.CommandSideApplication"))
                .isInstanceOf(ClassNotFoundException.class);
    }
}
