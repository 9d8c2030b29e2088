package io.omniline.server;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The shape of the code base, as ARCHITECTURE.md draws it, checked over the main classes of every
 * module on the server's class path (the server sees them all). The schema rule (org.jooq only in
 * db) is {@code SchemaStaysInDbTest}'s.
 */
@AnalyzeClasses(packages = "io.omniline", importOptions = ArchitectureTest.MainClassesOnly.class)
class ArchitectureTest {

    /**
     * Packages that still speak Jetty outside server.http and server.web, until their HTTP handlers
     * and sockets move to server.web.&lt;feature&gt;: the JSON API's dispatcher, sign-in and its cookies,
     * the agent's push socket (server.workspace) and the wallboard's.
     * Remove a package here when it is moved; the rule then keeps it out.
     */
    private static final String[] JETTY_NOT_YET_IN_WEB = {
        "io.omniline.server.api..",
        "io.omniline.server.auth..",
        "io.omniline.server.workspace..",
        "io.omniline.server.supervisor.."
    };

    /**
     * Classes that still use Asterisk-Java outside telephony.agi and telephony.ami: the IVR's and
     * the survey's AGI scripts read Asterisk-Java's request and channel, until the IVR gets agi's
     * own types.
     */
    private static final String ASTERISK_JAVA_NOT_YET_AT_THE_EDGE = classes(
            "io.omniline.telephony.ivr.IncomingCall",
            "io.omniline.telephony.ivr.IvrAgiScript",
            "io.omniline.telephony.ivr.SurveyAgiScript");

    /** Sending a verification code by email still catches Jakarta Mail's exception itself. */
    private static final String MAIL_NOT_YET_IN_THE_CHANNEL = classes("io.omniline.bridge.verification.EmailCodes");

    /** Upward arrows are refused: each module uses only the modules below it. */
    @ArchTest
    static final ArchRule modulesDependOnlyDownwards = layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .layer("runtime")
            .definedBy("io.omniline.runtime..")
            .layer("db")
            .definedBy("io.omniline.db..")
            .layer("customers")
            .definedBy("io.omniline.customers..")
            .layer("ivr")
            .definedBy("io.omniline.ivr..")
            .layer("telephony")
            .definedBy("io.omniline.telephony..")
            .layer("digital-bridge")
            .definedBy("io.omniline.bridge..")
            .layer("server")
            .definedBy("io.omniline.server..")
            .whereLayer("runtime")
            .mayNotAccessAnyLayer()
            .whereLayer("db")
            .mayOnlyAccessLayers("runtime")
            .whereLayer("customers")
            .mayOnlyAccessLayers("db", "runtime")
            .whereLayer("ivr")
            .mayNotAccessAnyLayer()
            .whereLayer("telephony")
            .mayOnlyAccessLayers("ivr", "customers", "db", "runtime")
            .whereLayer("digital-bridge")
            .mayOnlyAccessLayers("customers", "db", "runtime")
            .whereLayer("server")
            .mayNotBeAccessedByAnyLayer();

    @ArchTest
    static final ArchRule asteriskJavaOnlyInTheAgiAndAmiEdges = noClasses()
            .that()
            .resideOutsideOfPackages("io.omniline.telephony.agi..", "io.omniline.telephony.ami..")
            .and()
            .haveNameNotMatching(ASTERISK_JAVA_NOT_YET_AT_THE_EDGE)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.asteriskjava..");

    @ArchTest
    static final ArchRule nettyOnlyInTheChatChannel = noClasses()
            .that()
            .resideOutsideOfPackages("io.omniline.bridge.channels.chat..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("io.netty..");

    @ArchTest
    static final ArchRule mailOnlyInTheEmailChannel = noClasses()
            .that()
            .resideOutsideOfPackages("io.omniline.bridge.channels.email..")
            .and()
            .haveNameNotMatching(MAIL_NOT_YET_IN_THE_CHANNEL)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.mail..");

    @ArchTest
    static final ArchRule smppOnlyInTheSmsChannel = noClasses()
            .that()
            .resideOutsideOfPackages("io.omniline.bridge.channels.sms..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.jsmpp..");

    @ArchTest
    static final ArchRule jettyOnlyInTheServersWebEdge = noClasses()
            .that()
            .resideOutsideOfPackages("io.omniline.server.http..", "io.omniline.server.web..")
            .and()
            .resideOutsideOfPackages(JETTY_NOT_YET_IN_WEB)
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.eclipse.jetty..");

    /**
     * Within a module, feature folders depend on each other one way only. A feature's own
     * sub-packages (ami.event under ami) belong to it; the module's root package is a slice of its own.
     * Two parts of db are left out: its root, which is both the entry every feature's repository is
     * reached through (Database, Repositories, Transactions) and the SQL helpers they all share, and
     * the generated schema, which refers to the features' hand-written enums by design.
     * The two command-line commands that open the database through the composition root's
     * DataStore are the one cycle left (root → auth/seed → root), until DataStore leaves the root package.
     */
    @ArchTest
    static final ArchRule featureFoldersHaveNoCycles = slices().assignedFrom(new FeatureFolders())
            .should()
            .beFreeOfCycles()
            .ignoreDependency("io.omniline.server.auth.ResetPasswordCommand", "io.omniline.server.DataStore")
            .ignoreDependency("io.omniline.server.seed.SeedCommand", "io.omniline.server.DataStore");

    /** A pattern matching these classes and their nested and anonymous classes. */
    private static String classes(String... names) {
        return "(" + String.join("|", Arrays.stream(names).map(Pattern::quote).toList()) + ")(\\$.*)?";
    }

    /** The slice of a class: its module and its feature folder (io.omniline.telephony.ami.event → telephony.ami). */
    static final class FeatureFolders implements SliceAssignment {

        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            String[] segments = javaClass.getPackageName().split("\\.");
            if (segments.length < 3 || !segments[0].equals("io") || !segments[1].equals("omniline")) {
                return SliceIdentifier.ignore();
            }
            if (segments[2].equals("db") && (segments.length == 3 || segments[3].equals("jooq"))) {
                return SliceIdentifier.ignore();
            }
            String feature = segments.length > 3 ? segments[3] : "(root)";
            return SliceIdentifier.of(segments[2] + "." + feature);
        }

        @Override
        public String getDescription() {
            return "the feature folders of each module";
        }
    }

    /** The modules' main classes: not this module's tests, nor the test jars of the others. */
    public static final class MainClassesOnly implements ImportOption {

        @Override
        public boolean includes(Location location) {
            return !location.contains("/test-classes/") && !location.contains("-tests.jar");
        }
    }
}
