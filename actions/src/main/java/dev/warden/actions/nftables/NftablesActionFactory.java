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
 * {@code flags timeout} in table {@code inet TABLE}, and a base chain {@code input-SET} hooked on input
 * that drops their sources; a ban is an element whose timeout is the ban's remaining time.
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

    /** The longest element text in a ban script: an IPv6 address without zeros and a long timeout. */
    private static final int LONGEST_ELEMENT = 3 * 41 + " timeout 9999999999s".length();

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
                    "the script bytes per nft run; more addresses are split into several runs"));

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
        Path nft = options.path("nft");
        if (!nft.isAbsolute()) {
            throw new PluginConfigException("nft", "'" + nft + "' must be an absolute path "
                    + "(warden runs as root; a search of PATH could run the wrong program)");
        }
        long priority = options.integer("priority");
        if (priority < Integer.MIN_VALUE || priority > Integer.MAX_VALUE) {
            throw new PluginConfigException("priority", priority + " is not a 32-bit chain priority");
        }
        Duration timeout = options.duration("timeout");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new PluginConfigException("timeout", "must be longer than 0s");
        }
        long maxBatchBytes = options.integer("max-batch-bytes");
        NftBatches batches = new NftBatches(table, set + "-ipv4", set + "-ipv6", "input-" + set, priority);
        long least = 3 * (" inet  {  }\n".length() + table.length() + set.length() + 5) + 40 + LONGEST_ELEMENT;
        if (maxBatchBytes < least || maxBatchBytes > 16 * 1024 * 1024) {
            throw new PluginConfigException("max-batch-bytes", maxBatchBytes + " is out of range: at least "
                    + least + " (one IPv6 ban), at most 16777216");
        }
        return new NftablesAction(new NftablesAction.Settings(nft.toString(), batches, timeout, maxBatchBytes,
                options.string("on-stop").equals("flush")), context.jailName(), context.clock(),
                context.commandRunner());
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
