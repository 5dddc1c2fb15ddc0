package dev.featurestore.local.cli;

import picocli.CommandLine.Command;

@Command(name = "demo", mixinStandardHelpOptions = true, description = "todo")
final class DemoCommand implements Runnable {
    @Override
    public void run() {
    }
}
