package io.omniline.db.codegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.omniline.db.DatabaseSettings;
import io.omniline.db.testing.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.ForcedType;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jOOQ classes are generated from a real PostgreSQL after the Flyway migrations (jOOQ's
 * DDL parser mis-types jsonb, enums and arrays), and committed so that a build needs no running
 * database, in their own source folder db/src/generated/java. This test regenerates them and fails when the committed code no longer matches the
 * migrations. After changing a migration, regenerate with
 * {@code ./mvnw -B -ntp -q -pl db -am verify -Dtest=JooqCodeIsCurrentTest -Dsurefire.failIfNoSpecifiedTests=false -Djooq.regenerate=true}.
 */
class JooqCodeIsCurrentTest {

    private static final String PACKAGE = "io.omniline.db.jooq";
    private static final Path COMMITTED_SOURCES = Path.of("src/generated/java");

    /**
     * Each PostgreSQL enum type with the hand-written domain enum its columns carry: the generated
     * enum stays inside the generated code, and db's repositories and everything beyond them see
     * only the domain enum (mapped by name, so the constants are spelled as the type's labels).
     */
    private static final Map<String, String> DOMAIN_ENUMS = Map.of(
            "channel", "io.omniline.db.interaction.Channel",
            "direction", "io.omniline.db.interaction.Direction",
            "interaction_state", "io.omniline.db.interaction.InteractionState",
            "interaction_outcome", "io.omniline.db.interaction.InteractionOutcome",
            "author_kind", "io.omniline.db.message.AuthorKind",
            "identity_kind", "io.omniline.db.identity.IdentityKind",
            "account_role", "io.omniline.db.account.AccountRole",
            "prompt_source", "io.omniline.db.prompt.PromptSource",
            "callback_state", "io.omniline.db.callback.CallbackState");

    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @Test
    void committedJooqCodeMatchesTheMigratedSchema(@TempDir Path generated) throws Exception {
        boolean regenerate = Boolean.getBoolean("jooq.regenerate");
        Path target = regenerate ? COMMITTED_SOURCES : generated;
        GenerationTool.generate(configuration(db.settings(), target));

        if (!regenerate) {
            assertThat(sources(generated))
                    .as("jOOQ code in db/src/generated/java is stale; see this test's javadoc to regenerate it")
                    .isEqualTo(sources(COMMITTED_SOURCES));
        }
    }

    private static Configuration configuration(DatabaseSettings settings, Path target) {
        return new Configuration()
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(settings.jdbcUrl())
                        .withUser(settings.user())
                        .withPassword(settings.password()))
                .withGenerator(new Generator()
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withInputSchema("public")
                                .withOutputSchemaToDefault(true)
                                .withExcludes("flyway_schema_history|interaction_check_transition|reject_change")
                                .withForcedTypes(domainEnums()))
                        .withGenerate(new Generate()
                                .withGeneratedAnnotation(false)
                                .withJavaTimeTypes(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withRoutines(false)
                                .withComments(false))
                        .withTarget(new Target()
                                .withPackageName(PACKAGE)
                                .withDirectory(target.toString())
                                .withClean(true)));
    }

    private static List<ForcedType> domainEnums() {
        return DOMAIN_ENUMS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(type -> new ForcedType()
                        .withIncludeTypes(type.getKey())
                        .withUserType(type.getValue())
                        .withEnumConverter(true))
                .toList();
    }

    private static Map<String, String> sources(Path root) {
        Path packageDir = root.resolve(PACKAGE.replace('.', '/'));
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(packageDir)) {
            return files;
        }
        try (Stream<Path> paths = Files.walk(packageDir)) {
            paths.filter(Files::isRegularFile)
                    .forEach(path -> files.put(packageDir.relativize(path).toString(), read(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
