package dev.featurestore.local.cli;

import picocli.CommandLine.Command;

@Command(name = "get", mixinStandardHelpOptions = true, description = "todo")
final class GetCommand implements Runnable {
    @Override
    public void run() {
    }
}
