package dev.warden.filters.opensmtpd;

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
 * The {@code opensmtpd} filter: SMTP AUTH failures ({@code result=permfail}) in OpenSMTPD 6.5+/7.x
 * logs, attributed to the address of their session. See {@link OpenSmtpdFilter} and
 * {@code docs/opensmtpd.md}. Stateless; each {@link #create} returns a filter with its own session table.
 */
public final class OpenSmtpdFilterFactory implements FilterFactory {

    /** The type name operators write: {@code filter: opensmtpd}. */
    public static final String ID = "opensmtpd";

    static final String SESSION_TIMEOUT = "session-timeout";
    static final String MAX_SESSIONS = "max-sessions";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.optional(SESSION_TIMEOUT, OptionType.DURATION, "1h",
                    "forget a session after this much log time without a connected or authentication line"),
            OptionSpec.optional(MAX_SESSIONS, OptionType.INTEGER, "65536",
                    "most open sessions remembered; when full, the least recently seen eighth is forgotten"));

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "OpenSMTPD: failed SMTP AUTH (result=permfail), attributed through the session's connect line";
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Filter create(PluginOptions options, PluginContext context) throws PluginConfigException {
        Duration timeout = options.duration(SESSION_TIMEOUT);
        if (timeout.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new PluginConfigException(SESSION_TIMEOUT, "must be at least 1s (smtpd itself waits 5m)");
        }
        long max = options.integer(MAX_SESSIONS);
        if (max < 1 || max > SessionTable.MAX_SESSIONS_LIMIT) {
            throw new PluginConfigException(MAX_SESSIONS,
                    "must be between 1 and " + SessionTable.MAX_SESSIONS_LIMIT + ", not " + max);
        }
        return new OpenSmtpdFilter(new SessionTable((int) max, timeout.toMillis()));
    }
}
