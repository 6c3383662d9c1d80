package dev.warden.actions.nftables;

import dev.warden.core.spi.Action;
import dev.warden.core.spi.ActionFactory;
import dev.warden.core.spi.OptionSpec;
import dev.warden.core.spi.OptionType;
import dev.warden.core.spi.PluginConfigException;
import dev.warden.core.spi.PluginContext;
import dev.warden.core.spi.PluginOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code nftables} action type (Linux): per jail, sets {@code SET-ipv4} and {@code SET-ipv6} with
 * {@code flags timeout} for addresses and {@code SET-ipv4-net} and {@code SET-ipv6-net} with
 * {@code flags interval, timeout} for networks, in table {@code inet TABLE}, and a base chain
 * {@code input-SET} hooked on input that drops their sources; a ban is an element whose timeout is the ban's
 * remaining time. With {@code kill-connections}, a ban also deletes the address's conntrack entries.
 *
 * <p>Unlike pf, the action creates everything it needs at start (idempotently, in one transaction), so
 * no ruleset has to be written by hand. Options are checked here on any system; whether nft exists is
 * only found out at start.
 */
public final class NftablesActionFactory implements ActionFactory {

    /**
     * Names nft's scanner reads as one plain word (a letter or '_' first), short enough that the longest
     * derived name ("input-" + set, set + "-ipv4") stays within nft's 256-byte limit with room to spare.
     */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    /**
     * The longest element text in a ban script: an IPv6 network without zeros as CIDR (43 characters and
     * ", "), three times, and a long timeout.
     */
    private static final int LONGEST_ELEMENT = 3 * 45 + " timeout 9999999999s".length();

    /** Where Debian's conntrack package puts the program. */
    static final String CONNTRACK = "/usr/sbin/conntrack";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.optional("table", OptionType.STRING, "warden",
                    "the nftables table (family inet) holding every jail's sets and chains"),
            OptionSpec.optional("set", OptionType.STRING, null,
                    "the base name of this jail's sets SET-ipv4, SET-ipv6 and chain input-SET (default: the jail's name)"),
            OptionSpec.optional("nft", OptionType.PROGRAM, "/usr/sbin/nft", "the absolute path of nft"),
            OptionSpec.optional("priority", OptionType.INTEGER, "-10",
                    "the priority of the jail's input chain (below 0 runs before the usual filter chains)"),
            OptionSpec.optional("timeout", OptionType.DURATION, "30s",
                    "how long one nft run may take before it is killed"),
            OptionSpec.choice("on-stop", "keep",
                    "keep: bans stay in the kernel (and expire there); flush: empty this jail's sets when warden stops",
                    "keep", "flush"),
            OptionSpec.optional("max-batch-bytes", OptionType.INTEGER, "65536",
                    "the script bytes per nft run; more addresses are split into several runs"),
            OptionSpec.optional("kill-connections", OptionType.BOOLEAN, "false",
                    "after adding an address, delete its connection tracking entries (conntrack -D -s ADDR),"
                            + " so that no connection it already has open is tracked on"),
            // No default here, so that validate does not warn about a missing conntrack where it is not used.
            OptionSpec.optional("conntrack", OptionType.PROGRAM, null,
                    "the absolute path of conntrack, for kill-connections (when not set: " + CONNTRACK + ")"));

    @Override
    public String id() {
        return "nftables";
    }

    @Override
    public String description() {
        return "adds banned addresses with their remaining ban time to nftables sets with nft (Linux)";
    }

    /** A network is banned as one CIDR entry (pf table, interval set), and logged as such. */
    @Override
    public boolean acceptsNetworks() {
        return true;
    }

    @Override
    public List<OptionSpec> options() {
        return OPTIONS;
    }

    @Override
    public Action create(PluginOptions options, PluginContext context) throws PluginConfigException {
        String table = name("table", options.string("table"), "table");
        String set = options.isSet("set") ? name("set", options.string("set"), "set")
                : name("set", context.jailName(), "the jail name (write option set to choose another)");
        Path nft = absolute("nft", options.path("nft"));
        long priority = options.integer("priority");
        if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
            throw new PluginConfigException("priority", priority + " is not a 32-bit chain priority");
        }
        Duration timeout = options.positiveDuration("timeout");
        long maxBatchBytes = options.integer("max-batch-bytes");
        NftBatches batches = new NftBatches(table, set + "-ipv4", set + "-ipv6", set + "-ipv4-net", set + "-ipv6-net",
                "input-" + set, priority);
        long least = 3 * (" inet  {  }\n".length() + table.length() + set.length() + 9) + 40 + LONGEST_ELEMENT;
        if (maxBatchBytes < least || maxBatchBytes > 16 * 1024 * 1024) {
            throw new PluginConfigException("max-batch-bytes", maxBatchBytes + " is out of range: at least "
                    + least + " (one IPv6 ban), at most 16777216");
        }
        Path conntrack = options.isSet("conntrack") ? absolute("conntrack", options.path("conntrack"))
                : Path.of(CONNTRACK);
        return new NftablesAction(new NftablesAction.Settings(nft.toString(), batches, timeout, maxBatchBytes,
                options.string("on-stop").equals("flush"), options.bool("kill-connections") ? conntrack.toString()
                : null), context.jailName(), context.clock(), context.commandRunner());
    }

    /** {@code program} when it is absolute, else a complaint about {@code option}. */
    private static Path absolute(String option, Path program) throws PluginConfigException {
        if (!program.isAbsolute()) {
            throw new PluginConfigException(option, "'" + program + "' must be an absolute path "
                    + "(warden runs as root; a search of PATH could run the wrong program)");
        }
        return program;
    }

    /** {@code value} when it is a plain nftables name, else a complaint about {@code option}. */
    private static String name(String option, String value, String origin) throws PluginConfigException {
        if (!NAME.matcher(value).matches()) {
            throw new PluginConfigException(option, origin + " '" + value + "' is not an nftables name: use 1 to 64 "
                    + "letters, digits, '_', '.' or '-', starting with a letter or '_'");
        }
        return value;
    }
}
