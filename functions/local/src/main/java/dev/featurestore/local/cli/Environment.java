package dev.featurestore.local.cli;

import java.io.PrintStream;
import java.util.Map;

/** What a command sees of its process: the environment variables, a terminal or not, the raw stdout. */
record Environment(Map<String, String> env, boolean terminal, PrintStream stdout) {
    Environment {
        env = Map.copyOf(env);
    }
}
