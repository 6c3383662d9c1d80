package dev.warden.filters.sshd;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.time.Duration;
import java.util.List;

/**
 * The {@code sshd} filter type: OpenSSH's failure messages as {@code auth.log}, OpenBSD's {@code authlog},
 * the journal and RFC 5424 write them, from {@code sshd}, {@code sshd-session} and {@code sshd-auth}.
 * Stateless; each {@link #create} returns a new filter with its own session table. See {@code docs/sshd.md}.
 */
public final class SshdFilterFactory implements FilterFactory {

    /** Sessions (live sshd pids) remembered at most. */
    static final int SESSION_CAPACITY = 10_000;
    /** A session not seen for this long in log time is forgotten (LoginGraceTime is 2 minutes). */
    static final Duration SESSION_IDLE = Duration.ofMinutes(10);

    /**
     * The message catalogue every sshd filter shares (immutable), built when the first one is created: it
     * compiles all of sshd's patterns, which a start that only finds this factory (every command lists the
     * built-ins) would otherwise pay for with no sshd jail (issue 17: ~20 ms of a scan's start-up).
     */
    private static final class Catalogue {
        static final MessageCatalogue INSTANCE = new MessageCatalogue();
    }

    @Override
    public String id() {
        return "sshd";
    }

    @Override
    public String description() {
        return "OpenSSH authentication failures (auth.log, authlog, journal), optionally scanners and negotiation failures";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of(
                OptionSpec.choice("mode", "normal",
                        "normal: authentication failures; ddos: + scanners and pre-auth disconnects; "
                        + "extra: + negotiation failures; aggressive: all", "normal", "ddos", "extra", "aggressive"),
                OptionSpec.optional("require-tag", OptionType.BOOLEAN, "true",
                        "true: a line must carry sshd's program tag; false: a line without any tag is also read as"
                        + " a bare sshd message (sshd -e output), which anyone able to write a line can forge"),
                OptionSpec.choice("pam-failures", "deferred",
                        "deferred: a PAM authentication failure waits for the session's outcome (a success of the "
                        + "same user forgives it); immediate: counted at once, sshd's Failed line of the same "
                        + "attempt is then not counted again", "deferred", "immediate"));
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) throws PluginConfigException {
        SshdMode mode;
        try {
            mode = SshdMode.of(options.string("mode"));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException("mode", "unknown mode '" + options.string("mode") + "'");
        }
        PamFailures pamFailures;
        try {
            pamFailures = PamFailures.of(options.string("pam-failures"));
        } catch (IllegalArgumentException e) {
            throw new PluginConfigException("pam-failures",
                    "unknown value '" + options.string("pam-failures") + "'");
        }
        SessionTable table = new SessionTable(SESSION_CAPACITY, SESSION_IDLE.toMillis());
        return new SshdFilter(new SshdLineLocator(options.bool("require-tag")), Catalogue.INSTANCE,
                new SessionCorrelator(mode, pamFailures, table));
    }
}
