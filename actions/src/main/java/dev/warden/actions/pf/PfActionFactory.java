package dev.warden.actions.pf;

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
 * The {@code pf} action type: puts banned addresses into a pf table with {@code pfctl -t TABLE -T add}
 * and takes them out with {@code -T delete}, replacing {@code awk ... | xargs pfctl -T add -t bot}.
 *
 * <p>The operator declares the table and a rule that uses it in {@code pf.conf}, for example
 * <pre>
 * table &lt;bot&gt; persist
 * block in quick from &lt;bot&gt;
 * </pre>
 * {@code pfctl -T add} creates a missing table by itself, but without a rule that refers to it nothing
 * is blocked, which is why this action does not create it. Options are checked here, on any system;
 * whether {@code pfctl} exists is only found out when a ban runs (so {@code warden validate} works on a
 * machine without pf).
 */
public final class PfActionFactory implements ActionFactory {

    /** pf's table names: PF_TABLE_NAME_SIZE is 32 including the NUL. */
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_-]{1,31}");

    /** OpenBSD's ARG_MAX; the environment counts against it too, so a budget must stay well below. */
    static final long ARG_MAX = 512 * 1024;

    /** The longest canonical address text: an IPv6 network without a run of zeros to compress, as CIDR. */
    private static final String LONGEST_ADDRESS = "ffff:ffff:ffff:ffff:ffff:ffff:ffff:fffe/127";

    private static final List<OptionSpec> OPTIONS = List.of(
            OptionSpec.required("table", OptionType.STRING,
                    "the pf table to add banned addresses to (declare it in pf.conf: table <bot> persist)"),
            OptionSpec.optional("pfctl", OptionType.PROGRAM, "/sbin/pfctl",
                    "the absolute path of pfctl"),
            OptionSpec.optional("timeout", OptionType.DURATION, "30s",
                    "how long one pfctl invocation may take before it is killed"),
            OptionSpec.optional("max-command-bytes", OptionType.INTEGER, "131072",
                    "the argv bytes per pfctl invocation; more addresses are split into several"),
            OptionSpec.optional("kill-states", OptionType.BOOLEAN, "false",
                    "after adding an address, kill its states (pfctl -k ADDR), cutting the connections it"
                            + " already has open"));

    @Override
    public String id() {
        return "pf";
    }

    @Override
    public String description() {
        return "adds banned addresses to a pf table with pfctl (OpenBSD)";
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
        String table = options.string("table");
        if (!TABLE_NAME.matcher(table).matches()) {
            throw new PluginConfigException("table", "'" + table + "' is not a pf table name: "
                    + "use 1 to 31 letters, digits, '_' or '-'");
        }
        Path pfctl = options.path("pfctl");
        if (!pfctl.isAbsolute()) {
            throw new PluginConfigException("pfctl", "'" + pfctl + "' must be an absolute path "
                    + "(warden runs as root; a search of PATH could run the wrong program)");
        }
        Duration timeout = options.positiveDuration("timeout");
        long maxCommandBytes = options.integer("max-command-bytes");
        long least = ArgvBatcher.cost(PfAction.prefix(pfctl.toString(), table, "delete"))
                + ArgvBatcher.cost(LONGEST_ADDRESS);
        if (maxCommandBytes < least || maxCommandBytes > ARG_MAX) {
            throw new PluginConfigException("max-command-bytes", maxCommandBytes + " is out of range: "
                    + "at least " + least + " (one command with one IPv6 address), at most " + ARG_MAX
                    + " (OpenBSD's ARG_MAX; 131072 is a safe value)");
        }
        return new PfAction(new PfAction.Settings(pfctl.toString(), table, timeout, maxCommandBytes,
                options.bool("kill-states")),
                context.jailName(), context.commandRunner());
    }
}
