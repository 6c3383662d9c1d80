/** The {@code warden} command line: one picocli subcommand per class, wiring core, filters and actions. */
package dev.warden.cli;
