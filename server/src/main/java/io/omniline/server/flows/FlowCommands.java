package io.omniline.server.flows;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.omniline.ivr.model.FlowParser;
import io.omniline.ivr.model.ParsedFlow;
import io.omniline.ivr.model.Problem;
import io.omniline.ivr.run.FlowResolver;
import io.omniline.ivr.sim.Scenario;
import io.omniline.ivr.sim.SimulationResult;
import io.omniline.ivr.sim.Simulator;
import io.omniline.ivr.validate.FlowValidator;
import io.omniline.ivr.validate.ValidationContext;
import io.omniline.server.api.ApiJson;
import io.omniline.server.config.OmnilineConfig;
import io.omniline.server.prompts.ShippedPrompts;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * {@code omniline flow-validate} and {@code flow-simulate}: the editor's checks for admins who
 * keep flows as files in git. Other flows a file goes to are the *.json files beside it, named
 * by file name. No database is needed.
 */
public final class FlowCommands {

    private final OmnilineConfig.Ivr config;
    private final PrintStream out;
    private final FlowParser parser = new FlowParser();

    public FlowCommands(OmnilineConfig.Ivr config, PrintStream out) {
        this.config = config;
        this.out = out;
    }

    /** @return 0 when the flow has no errors, 1 when it has */
    public int validate(Path file) {
        String name = flowName(file);
        List<Problem> problems = new FlowValidator(new ValidationContext(prompts(), config.queueSet(), siblings(file)))
                .validate(name, read(file));
        problems.forEach(problem -> out.println(file + ": " + problem));
        long errors = problems.stream().filter(Problem::isError).count();
        out.println(file + ": " + errors + " error(s), " + (problems.size() - errors) + " warning(s)");
        return errors == 0 ? 0 : 1;
    }

    /** Prints the simulated call as JSON; 1 when the flow cannot run. */
    public int simulate(Path file, Path scenarioFile) {
        ObjectMapper mapper = ApiJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
        ParsedFlow parsed = parser.parse(read(file));
        if (parsed.flow() == null || !parsed.problems().isEmpty()) {
            parsed.problems().forEach(problem -> out.println(file + ": " + problem));
            return 1;
        }
        try {
            Scenario scenario = scenarioFile == null
                    ? new Scenario(null, null, null, null, null, null, null)
                    : mapper.readValue(read(scenarioFile), Scenario.class);
            SimulationResult result =
                    new Simulator(siblings(file), config.stepLimit()).run(flowName(file), parsed.flow(), scenario);
            out.println(mapper.writeValueAsString(result));
            return 0;
        } catch (IOException e) {
            throw new IllegalArgumentException(scenarioFile + " is not a scenario: " + e.getMessage(), e);
        }
    }

    /**
     * Without a database the catalogue is the shipped prompts, plus the sound files in
     * {@code ivr.soundsDirectory} when it is set (Asterisk's own, recordings put there by hand).
     */
    private Set<String> prompts() {
        Set<String> names = new TreeSet<>(ShippedPrompts.names());
        if (config.soundsDirectory() == null || config.soundsDirectory().isBlank()) {
            return names;
        }
        Path sounds = Path.of(config.soundsDirectory());
        try (Stream<Path> languages = Files.list(sounds)) {
            for (Path language : languages.filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(language, 2)) {
                    files.filter(Files::isRegularFile)
                            .map(path -> language.relativize(path).toString().replace('\\', '/'))
                            .filter(path -> path.matches("[^.]+\\.(wav|WAV|sln|sln16|gsm|ulaw|alaw|g722)"))
                            .forEach(path -> names.add(path.substring(0, path.indexOf('.'))));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the sounds directory " + sounds + ": " + e.getMessage(), e);
        }
        return names;
    }

    private FlowResolver siblings(Path file) {
        Path directory = file.toAbsolutePath().getParent();
        return name -> {
            Path sibling = directory.resolve(name + ".json");
            if (!Files.isRegularFile(sibling)) {
                return Optional.empty();
            }
            return Optional.ofNullable(parser.parse(read(sibling)).flow());
        };
    }

    private static String flowName(Path file) {
        return file.getFileName().toString().replaceFirst("\\.json$", "");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
