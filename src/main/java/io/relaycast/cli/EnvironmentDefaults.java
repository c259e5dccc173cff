package io.relaycast.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * Every option can also come from the environment: {@code --source-password} from {@code RELAYCAST_SOURCE_PASSWORD},
 * which is how containers are configured; an option with two names ({@code --http-header}) from either's variable. The
 * command line wins over the environment.
 */
final class EnvironmentDefaults implements IDefaultValueProvider {

    private final Map<String, String> environment;

    EnvironmentDefaults(Map<String, String> environment) {
        this.environment = environment;
    }

    static String variableFor(String longName) {
        return "RELAYCAST_" + longName.replaceFirst("^--", "").replace('-', '_').toUpperCase(Locale.ROOT);
    }

    /** The value of the environment variable {@code variable}, or null. */
    String value(String variable) {
        return environment.get(variable);
    }

    /** Whether the environment sets the option. */
    boolean sets(OptionSpec option) {
        return environment.get(variableOf(option)) != null;
    }

    /**
     * The variable that sets {@code option}: of its long names ({@code --http-header} and {@code --http-headers}), that of
     * the first the environment has, else that of the longest.
     */
    private String variableOf(OptionSpec option) {
        return Arrays.stream(option.names()).filter(name -> name.startsWith("--")).map(EnvironmentDefaults::variableFor)
                .filter(environment::containsKey).findFirst().orElse(variableFor(option.longestName()));
    }

    /**
     * What is wrong, as {@code invalid} says it, naming the environment variable its value came from when it did: a
     * container's operator sets {@code RELAYCAST_PORT}, not {@code --port}.
     */
    static String reason(ParameterException invalid) {
        if (invalid.getArgSpec() instanceof OptionSpec option && invalid.getValue() != null
                && invalid.getCommandLine().getDefaultValueProvider() instanceof EnvironmentDefaults defaults) {
            String variable = defaults.variableOf(option);
            if (invalid.getValue().equals(defaults.environment.get(variable))) {
                return "environment variable " + variable + ": " + invalid.getMessage();
            }
        }
        return invalid.getMessage();
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || option.usageHelp() || option.versionHelp()) {
            return null;
        }
        String value = environment.get(variableOf(option));
        return value != null ? value : option.defaultValue();
    }
}
