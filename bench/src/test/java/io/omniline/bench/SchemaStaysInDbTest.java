package io.omniline.bench;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasReturnType.Predicates.rawReturnType;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * server's SchemaStaysInDbTest for the bench, which server's class path does not see: the bench
 * reads a node's database through db's repositories and {@code BenchQueries}, never through jOOQ.
 */
@AnalyzeClasses(packages = "io.omniline.bench", importOptions = ImportOption.DoNotIncludeTests.class)
class SchemaStaysInDbTest {

    @ArchTest
    static final ArchRule benchSpeaksNoSql = noClasses()
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.jooq..", "io.omniline.db.jooq..")
            .because("only db speaks SQL; the bench reads through db's repositories");

    /** Nor does it take a DSLContext from the Database and hand it on. */
    @ArchTest
    static final ArchRule benchTakesNoJooq = noClasses()
            .should()
            .callMethodWhere(target(rawReturnType(resideInAnyPackage("org.jooq.."))))
            .because("a DSLContext taken from the Database is SQL outside db by another door");
}
