package dev.warden.core.plugin;

import dev.warden.core.plugin.PluginKind.Candidate;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Finds the providers of one kind that one class loader lists, with {@link ServiceLoader}, one at a time:
 * a provider that cannot be loaded or instantiated, whose {@code id()}, {@code description()} or
 * {@code options()} throws or returns null, or whose id operators could not write in YAML, is reported and
 * skipped, and the next one is still tried.
 * Asking for the declarations here, once, means a provider built against an incompatible SPI
 * ({@link AbstractMethodError} and other {@link LinkageError}s) is caught at discovery, not when a
 * configuration first uses it.
 */
final class Providers {

    /** Ids operators can write in YAML: lower-case letters and digits, with inner {@code -}, {@code _}, {@code .}. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

    private Providers() {
    }

    /**
     * @param source what to record as the origin of every provider found
     * @param where the source named in problems (empty for built-ins)
     */
    static <F> List<Candidate<F>> load(PluginKind<F> kind, ClassLoader loader, PluginSource source, String where,
                                       List<PluginProblem> problems) {
        List<Candidate<F>> found = new ArrayList<>();
        Iterator<F> it = ServiceLoader.load(kind.service(), loader).iterator();
        while (true) {
            F factory;
            try {
                if (!it.hasNext()) {
                    return found;
                }
                factory = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                problems.add(PluginProblem.error(where, "cannot load " + kind.service().getSimpleName()
                        + " provider: " + Failures.describe(e, kind.service())));
                continue;
            }
            check(kind, factory, source, where, problems).ifPresent(found::add);
        }
    }

    /**
     * The factory with its id, once it gave a valid id and answered description() and options(); else
     * empty, after reporting why.
     */
    static <F> Optional<Candidate<F>> check(PluginKind<F> kind, F factory, PluginSource source, String where,
                                            List<PluginProblem> problems) {
        String subject = kind.name() + " " + factory.getClass().getName() + ": ";
        Answer<String> id = ask(kind, factory, "id", kind.id(), subject, where, problems);
        if (!id.ok()) {
            return Optional.empty();
        }
        if (id.value() == null || !ID.matcher(id.value()).matches()) {
            problems.add(PluginProblem.error(where, subject + "invalid id "
                    + (id.value() == null ? "null" : "\"" + id.value() + "\"")
                    + " (use lower-case letters, digits, '-', '_', '.'); skipped"));
            return Optional.empty();
        }
        if (!ask(kind, factory, "description", kind.description(), subject, where, problems).answered()
                || !ask(kind, factory, "options", kind.options(), subject, where, problems).answered()) {
            return Optional.empty();
        }
        return Optional.of(new Candidate<>(factory, id.value(), source));
    }

    /** What a factory answered; {@code ok} false when it threw (already reported). */
    private record Answer<T>(T value, boolean ok) {
        /** Answered with a value: when it returned null, that was reported. */
        boolean answered() {
            return ok && value != null;
        }
    }

    private static <F, T> Answer<T> ask(PluginKind<F> kind, F factory, String method, Function<F, T> call,
                                        String subject, String where, List<PluginProblem> problems) {
        try {
            T value = call.apply(factory);
            if (value == null && !method.equals("id")) {
                problems.add(PluginProblem.error(where, subject + method + "() returned null; skipped"));
            }
            return new Answer<>(value, true);
        } catch (LinkageError e) {
            problems.add(PluginProblem.error(where, subject + method + "(): "
                    + Failures.describe(e, kind.service()) + "; skipped"));
        } catch (RuntimeException e) {
            problems.add(PluginProblem.error(where, subject + method + "() threw " + e + "; skipped"));
        }
        return new Answer<>(null, false);
    }
}
