package io.omniline.server.architecture;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.core.domain.properties.HasReturnType.Predicates.rawReturnType;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * jOOQ and the generated schema classes stay inside db: every other module (server sees them
 * all on its class path; bench has its own copy of this rule) works with db's repositories,
 * domain records and enums, {@code Repositories} and {@code Transactions}. Test classes and the
 * modules' test jars are left out: tests may still reach for jOOQ to set up odd states.
 */
@AnalyzeClasses(
        packages = "io.omniline",
        importOptions = {ImportOption.DoNotIncludeTests.class, SchemaStaysInDbTest.NoTestJars.class})
class SchemaStaysInDbTest {

    @ArchTest
    static final ArchRule jooqStaysInDb = noClasses()
            .that()
            .resideOutsideOfPackage("io.omniline.db..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("org.jooq..", "io.omniline.db.jooq..")
            .because("only db speaks SQL; other modules get repositories and transactions");

    /**
     * Passing on what {@code Database.dsl()} returns names no jOOQ type in the caller, so the rule
     * above cannot see it: no method that returns a jOOQ type may be called outside db at all.
     */
    @ArchTest
    static final ArchRule noJooqHandedOut = noClasses()
            .that()
            .resideOutsideOfPackage("io.omniline.db..")
            .should()
            .callMethodWhere(target(rawReturnType(resideInAnyPackage("org.jooq.."))))
            .because("a DSLContext taken from the Database is SQL outside db by another door");

    /** The other modules' test jars (db's TestDatabase, the bridge's test wiring) are tests too. */
    static final class NoTestJars implements ImportOption {
        @Override
        public boolean includes(com.tngtech.archunit.core.importer.Location location) {
            return !location.contains("-tests.jar") && !location.contains("/test-classes/");
        }
    }
}
