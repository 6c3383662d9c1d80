package dev.warden.filters.opensmtpd;

import dev.warden.core.spi.Filter;
import dev.warden.core.spi.FilterFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code opensmtpd} filter: failures in OpenSMTPD logs of every generation (6.0 to 7.x), attributed
 * to the address of their session, by kind ({@code auth} by default; {@code mode: scanner} or
 * {@code aggressive}, or an explicit {@code kinds} list, add the scanner and abuse kinds). See
 * {@link OpenSmtpdFilter} and {@code docs/opensmtpd.md}. Stateless; each {@link #create} returns a filter
 * with its own session table.
 */
public final class OpenSmtpdFilterFactory implements FilterFactory {

    /** The type name operators write: {@code filter: opensmtpd}. */
    public static final String ID = "opensmtpd";

    static final String MODE = "mode";
    static final String KINDS = "kinds";
    static final String BAD_COMMAND_CODES = "bad-command-codes";
    static final String SESSION_TIMEOUT = "session-timeout";
    static final String MAX_SESSIONS = "max-sessions";

    private static final String DEFAULT_CODES = "500, 501, 502, 503, 504";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.choice(MODE, "auth",
                    "which kinds to report: auth (failed SMTP AUTH); scanner (auth, auth-on-plaintext, bad-input,"
                            + " tls-failure, no-greeting); aggressive (every kind)",
                    Kind.MODES.stream().map(Kind.Mode::name).toArray(String[]::new)),
            OptionSpec.optional(KINDS, OptionType.STRING_LIST, null,
                    "exactly the kinds to report, instead of a mode: " + Kind.ids()),
            OptionSpec.optional(BAD_COMMAND_CODES, OptionType.STRING_LIST, DEFAULT_CODES,
                    "5xx reply codes that make a failed-command a bad-command (not 535: that is auth)"),
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
        return "OpenSMTPD (6.0 to 7.x): failed SMTP AUTH, and with mode scanner/aggressive AUTH on plaintext,"
                + " bad commands and input, TLS failures and silent connects, attributed through the session";
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
        int kinds = kinds(options);
        int[] codes = codes(options);
        if (options.isSet(BAD_COMMAND_CODES) && !Kind.BAD_COMMAND.in(kinds)) {
            throw new PluginConfigException(BAD_COMMAND_CODES,
                    "is set but kind bad-command is not reported (use mode: aggressive, or list bad-command in kinds)");
        }
        return new OpenSmtpdFilter(new Settings(kinds, codes, (int) max, timeout.toMillis()));
    }

    /** The selected kinds: {@code kinds} when set, else the mode's. Setting both is refused. */
    private static int kinds(PluginOptions options) throws PluginConfigException {
        if (!options.isSet(KINDS)) {
            String mode = options.string(MODE);
            return Kind.mode(mode).orElseThrow(() -> new PluginConfigException(MODE, "unknown mode '" + mode + "'"))
                    .mask();
        }
        if (options.isSet(MODE)) {
            throw new PluginConfigException(KINDS, "set either mode or kinds, not both (kinds lists exactly the"
                    + " kinds to report, whatever the mode)");
        }
        List<Kind> kinds = new ArrayList<>();
        List<String> items = options.strings(KINDS);
        for (int i = 0; i < items.size(); i++) {
            String path = KINDS + "[" + i + "]";
            for (String word : words(items.get(i))) {
                kinds.add(Kind.byId(word).orElseThrow(() -> new PluginConfigException(path,
                        "unknown kind '" + word + "'; kinds: " + Kind.ids())));
            }
        }
        if (kinds.isEmpty()) {
            throw new PluginConfigException(KINDS, "lists no kind; kinds: " + Kind.ids());
        }
        return Kind.mask(kinds);
    }

    /** The bad-command reply codes: 5xx, not 535. */
    private static int[] codes(PluginOptions options) throws PluginConfigException {
        List<Integer> codes = new ArrayList<>();
        List<String> items = options.strings(BAD_COMMAND_CODES);
        for (int i = 0; i < items.size(); i++) {
            String path = BAD_COMMAND_CODES + "[" + i + "]";
            for (String word : words(items.get(i))) {
                if (!word.matches("5[0-9][0-9]")) {
                    throw new PluginConfigException(path, "'" + word + "' is not a 5xx reply code (500 to 599)");
                }
                if (word.equals("535")) {
                    throw new PluginConfigException(path,
                            "535 repeats an authentication failure, which kind auth already counts");
                }
                codes.add(Integer.parseInt(word));
            }
        }
        if (codes.isEmpty()) {
            throw new PluginConfigException(BAD_COMMAND_CODES, "lists no reply code");
        }
        return codes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An item split at commas and blanks, so that {@code "500, 501"} and {@code [500, 501]} both work. */
    private static List<String> words(String item) {
        List<String> out = new ArrayList<>();
        for (String w : item.split("[,\\s]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
    }
}
