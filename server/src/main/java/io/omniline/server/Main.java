package io.omniline.server;

import io.omniline.db.DatabaseUnavailableException;
import io.omniline.db.NotFoundException;
import io.omniline.server.auth.ResetPasswordCommand;
import io.omniline.server.config.ConfigException;
import io.omniline.server.config.ConfigLoader;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.flows.FlowCommands;
import io.omniline.server.seed.SeedCommand;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.flywaydb.core.api.FlywayException;

/**
 * {@code omniline run|seed [options]}. Failures a person can fix (configuration, an unreachable
 * database) end with one line on stderr and a non-zero exit, not a stack trace.
 */
public final class Main {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            usage: omniline run  [--config FILE]
                   omniline seed [--config FILE] [--customers N] [--messages N] [--random-seed N]
                   omniline flow-validate --file FLOW.json [--config FILE]
                   omniline flow-simulate --file FLOW.json [--scenario SCENARIO.json] [--config FILE]
                   omniline reset-password LOGIN [--config FILE]
            With no --config, OMNILINE_CONFIG or ./omniline.yaml is read when present.""";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    Main(PrintStream out, PrintStream err, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        int code = new Main(System.out, System.err, System.getenv()).execute(args, true);
        System.exit(code);
    }

    /**
     * @param block for {@code run}: keep serving until the JVM is told to stop (false in tests,
     *     which get the running instance's exit code only)
     */
    int execute(String[] args, boolean block) {
        try {
            CommandLine command = CommandLine.parse(args);
            OmnilineConfig config = new ConfigLoader().load(configFile(command), environment);
            return switch (command.name()) {
                case "run" -> run(config, block);
                case "seed" -> new SeedCommand(out).run(config, command.seedPlan());
                case "flow-validate" -> new FlowCommands(config.ivr(), out).validate(command.file("file"));
                case "flow-simulate" ->
                    new FlowCommands(config.ivr(), out)
                            .simulate(command.file("file"), command.optionalFile("scenario"));
                case "reset-password" -> new ResetPasswordCommand(out).run(config, command.argument("login"));
                default -> throw new IllegalArgumentException("unknown command " + command.name());
            };
        } catch (IllegalArgumentException e) {
            err.println("omniline: " + e.getMessage());
            err.println(USAGE_TEXT);
            return USAGE;
        } catch (ConfigException e) {
            err.println("omniline: " + e.getMessage());
            return USAGE;
        } catch (DatabaseUnavailableException e) {
            err.println("omniline: " + e.getMessage());
            err.println("omniline: check database.url, or leave it empty to run the embedded PostgreSQL");
            return FAILED;
        } catch (NotFoundException e) {
            err.println("omniline: " + e.getMessage());
            return FAILED;
        } catch (FlywayException e) {
            err.println("omniline: database migration failed: "
                    + e.getMessage().lines().findFirst().orElse(""));
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (UncheckedIOException e) {
            err.println("omniline: " + e.getMessage());
            return USAGE;
        } catch (Exception e) {
            err.println("omniline: " + e);
            return FAILED;
        }
    }

    private int run(OmnilineConfig config, boolean block) throws Exception {
        Omniline omniline = Omniline.start(config);
        if (!block) {
            omniline.close();
            return OK;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                omniline.close();
                            } catch (Exception e) {
                                err.println("omniline: did not stop cleanly: " + e);
                            } finally {
                                stopped.countDown();
                            }
                        },
                        "omniline-shutdown"));
        stopped.await();
        return OK;
    }

    private Path configFile(CommandLine command) {
        Path given = command.optionalFile("config");
        if (given != null) {
            return given;
        }
        String fromEnvironment = environment.get("OMNILINE_CONFIG");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        Path local = Path.of("omniline.yaml");
        return Files.exists(local) ? local : null;
    }
}
