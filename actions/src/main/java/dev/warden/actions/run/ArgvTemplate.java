package dev.warden.actions.run;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.PluginConfigException;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An argument list with placeholders, checked once and filled in per ban: each argument is text with
 * {@code {address}}, {@code {prefix}}, {@code {jail}}, {@code {end}}, {@code {failures}} and {@code {node}}
 * in it, {@code {{} and {@code }}} for literal braces. A filled-in value stays inside its argument, whatever
 * it contains: no argument is split, no shell sees it. Every value comes from warden itself (the parsed
 * address, the jail's name, ...), never from a log line. Immutable; thread-safe.
 */
final class ArgvTemplate {

    /** The placeholders, in the order the docs list them. */
    static final List<String> PLACEHOLDERS = List.of("address", "prefix", "jail", "end", "failures", "node");

    private static final Set<String> KNOWN = Set.copyOf(PLACEHOLDERS);

    /** One argument: literal text and placeholder names, alternating parts. */
    private record Argument(List<Object> parts) {
    }

    /** A placeholder inside an argument. */
    private record Slot(String name) {
    }

    private final List<Argument> arguments;

    private ArgvTemplate(List<Argument> arguments) {
        this.arguments = arguments;
    }

    /**
     * Checks and reads {@code argv}.
     *
     * @param option the option's name, for errors ({@code ban}); an error names the argument, {@code ban[2]}
     * @throws PluginConfigException for an empty list, a program that is not an absolute path or has a
     *     placeholder, an unknown placeholder, or a brace that neither opens a placeholder nor is doubled
     */
    static ArgvTemplate parse(String option, List<String> argv) throws PluginConfigException {
        if (argv.isEmpty()) {
            throw new PluginConfigException(option, "needs at least the program: [/usr/bin/PROGRAM, ARGUMENT...]");
        }
        String program = argv.get(0);
        if (!program.startsWith("/")) {
            throw new PluginConfigException(option + "[0]", "'" + program + "' must be an absolute path (warden"
                    + " runs as root and never searches PATH or starts a shell; for a shell pipeline, write a"
                    + " script and run it)");
        }
        List<Argument> arguments = new ArrayList<>(argv.size());
        for (int i = 0; i < argv.size(); i++) {
            Argument a = argument(option + "[" + i + "]", argv.get(i));
            if (i == 0 && a.parts().stream().anyMatch(Slot.class::isInstance)) {
                throw new PluginConfigException(option + "[0]", "the program cannot contain a placeholder");
            }
            arguments.add(a);
        }
        return new ArgvTemplate(List.copyOf(arguments));
    }

    private static Argument argument(String where, String text) throws PluginConfigException {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if ((c == '{' || c == '}') && i + 1 < text.length() && text.charAt(i + 1) == c) {
                literal.append(c);
                i += 2;
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                String name = close < 0 ? null : text.substring(i + 1, close);
                if (name == null || !KNOWN.contains(name)) {
                    throw new PluginConfigException(where, (name == null ? "'{' opens no placeholder"
                            : "unknown placeholder {" + name + "}") + " in '" + text + "': use "
                            + String.join(", ", PLACEHOLDERS.stream().map(p -> "{" + p + "}").toList())
                            + ", or {{ and }} for literal braces");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(new Slot(name));
                i = close + 1;
            } else if (c == '}') {
                throw new PluginConfigException(where, "a lone '}' in '" + text + "': write }} for a literal brace");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0 || parts.isEmpty()) {
            parts.add(literal.toString());
        }
        return new Argument(List.copyOf(parts));
    }

    /** Whether any argument uses {@code name}. */
    boolean uses(String name) {
        return arguments.stream().anyMatch(a -> a.parts().contains(new Slot(name)));
    }

    /** The argument list for {@code ban}, run on host {@code node}. */
    List<String> fill(Ban ban, String node) {
        Objects.requireNonNull(node, "node");
        List<String> argv = new ArrayList<>(arguments.size());
        StringBuilder sb = new StringBuilder();
        for (Argument a : arguments) {
            sb.setLength(0);
            for (Object part : a.parts()) {
                sb.append(part instanceof Slot s ? value(s.name(), ban, node) : (String) part);
            }
            argv.add(sb.toString());
        }
        return argv;
    }

    private static String value(String name, Ban ban, String node) {
        return switch (name) {
            case "address" -> ban.address().toString();
            case "prefix" -> ban.address().isNetwork() ? ban.address().toString()
                    : ban.address() + "/" + ban.address().prefixLength();
            case "jail" -> ban.jail();
            case "end" -> ban.end().toString();
            case "failures" -> Integer.toString(ban.failures());
            case "node" -> node;
            default -> throw new IllegalStateException("unchecked placeholder " + name);
        };
    }
}
