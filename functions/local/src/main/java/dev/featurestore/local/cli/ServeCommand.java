package dev.featurestore.local.cli;

import picocli.CommandLine.Command;

@Command(name = "serve", mixinStandardHelpOptions = true, description = "todo")
final class ServeCommand implements Runnable {
    @Override
    public void run() {
    }
}
