package com.opportunityengine.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.opportunityengine.platform.problem.ProblemAdvice;
import com.opportunityengine.platform.problem.Problems;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * One owner for the edge, in every module of the engine: only {@link Problems} makes a {@link ProblemDetail}
 * (or an exception that makes one inside) and writes a problem body itself, and {@link ProblemAdvice} is the
 * one controller advice and the one place with exception handlers. docs/errors.md.
 */
@AnalyzeClasses(packages = "com.opportunityengine", importOptions = ImportOption.DoNotIncludeTests.class)
class ProblemsArchitectureTest {

    /** A call that makes a problem: ProblemDetail's factories and constructors, or an ErrorResponseException's. */
    static final DescribedPredicate<JavaCall<?>> MAKES_A_PROBLEM = new DescribedPredicate<>("make a problem") {
        @Override
        public boolean test(JavaCall<?> call) {
            var owner = call.getTargetOwner();
            return owner.isEquivalentTo(ProblemDetail.class)
                            && (call.getName().startsWith("forStatus")
                                    || call.getName().equals("<init>"))
                    || owner.isAssignableTo(ErrorResponseException.class)
                            && call.getName().equals("<init>");
        }
    };

    @ArchTest
    static final ArchRule onlyTheFactoryMakesProblems = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(Problems.class.getName())
            .should()
            .callCodeUnitWhere(MAKES_A_PROBLEM);

    @ArchTest
    static final ArchRule onlyTheFactoryWritesProblemBodies = noClasses()
            .that()
            .doNotHaveFullyQualifiedName(Problems.class.getName())
            .should()
            .accessField(MediaType.class, "APPLICATION_PROBLEM_JSON");

    @ArchTest
    static final ArchRule oneAdvice = classes()
            .that()
            .areMetaAnnotatedWith(ControllerAdvice.class)
            .or()
            .areAnnotatedWith(ControllerAdvice.class)
            .should()
            .haveFullyQualifiedName(ProblemAdvice.class.getName());

    @ArchTest
    static final ArchRule oneExceptionHandler = classes()
            .that()
            .areAssignableTo(ResponseEntityExceptionHandler.class)
            .should()
            .haveFullyQualifiedName(ProblemAdvice.class.getName());

    @ArchTest
    static final ArchRule noControllerHandlesItsOwnExceptions = noMethods()
            .that()
            .areAnnotatedWith(ExceptionHandler.class)
            .should()
            .beDeclaredInClassesThat()
            .doNotHaveFullyQualifiedName(ProblemAdvice.class.getName());
}
