package io.omniline.bench;

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
            .should().dependOnClassesThat().resideInAnyPackage("org.jooq..", "io.omniline.db.jooq..")
            .because("only db speaks SQL; the bench reads through db's repositories");
}
