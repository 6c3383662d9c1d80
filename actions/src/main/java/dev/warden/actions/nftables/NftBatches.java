package dev.warden.actions.nftables;

import dev.warden.actions.command.Batches;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The nft scripts one jail's action feeds to {@code nft -f -}: pure text, no I/O. Names are validated by
 * {@link NftablesActionFactory} before they get here.
 *
 * <p>Element changes use nft's add-then-delete idiom, because {@code delete element} of an element that
 * is not in the set fails the whole transaction and {@code destroy element} needs nft 1.0.8 (Debian 12
 * ships 1.0.6): within one transaction {@code add element S { a }} makes sure {@code a} exists, so the
 * following {@code delete element S { a }} cannot fail. A ban then adds {@code a} again with its timeout,
 * which also replaces the timeout of an address that was already there (re-bans, longer manual bans).
 * The idiom works in interval sets too (nft 1.0.6 and Linux 6.1 as in Debian 12, and newer).
 *
 * <p>Networks (bans of a jail with {@code ipv6-prefix}, or by hand) go to sets of their own with
 * {@code flags interval, timeout}, and single addresses to the plain sets, as before networks existed:
 * an interval set refuses an element that overlaps another ("interval overlaps with an existing one"), and
 * a banned address inside a banned network is legitimate (a ban by hand, two jails' policies). Two sets per
 * family also leave the plain sets an earlier Warden created untouched: {@code add set} of an existing set
 * with other flags fails ("File exists"), so giving them {@code flags interval} would mean deleting them
 * with their elements.
 *
 * @param table the table, family {@code inet}
 * @param set4 the IPv4 set of addresses
 * @param set6 the IPv6 set of addresses
 * @param net4 the IPv4 set of networks
 * @param net6 the IPv6 set of networks
 * @param chain the base chain holding this jail's four drop rules
 * @param priority the chain's input hook priority
 */
record NftBatches(String table, String set4, String set6, String net4, String net6, String chain, long priority) {

    /** One address or network and, for bans, its timeout in whole seconds (0 for none). */
    record Element(String address, boolean ipv4, boolean network, long seconds) {
    }

    /** One script and the addresses it changes. */
    record Batch(String script, List<String> addresses) {
    }

    /**
     * Creates table and sets when missing and replaces the chain, with its four drop rules. A base chain's
     * priority cannot be changed, and a second {@code add chain} with another priority fails, so the
     * chain is made to exist, emptied, deleted and created anew: in one transaction, so that no packet
     * ever sees the table without the rules, and a changed {@code priority} applies at the next start.
     * Sets that exist are kept with their elements (an upgrade from two sets adds the network sets).
     */
    String start() {
        String t = "inet " + table;
        return "add table " + t + "\n"
                + "add set " + t + " " + set4 + " { type ipv4_addr; flags timeout; }\n"
                + "add set " + t + " " + set6 + " { type ipv6_addr; flags timeout; }\n"
                + "add set " + t + " " + net4 + " { type ipv4_addr; flags interval, timeout; }\n"
                + "add set " + t + " " + net6 + " { type ipv6_addr; flags interval, timeout; }\n"
                + "add chain " + t + " " + chain + "\n"
                + "flush chain " + t + " " + chain + "\n"
                + "delete chain " + t + " " + chain + "\n"
                + "add chain " + t + " " + chain + " { type filter hook input priority " + priority
                + "; policy accept; }\n"
                + "add rule " + t + " " + chain + " ip saddr @" + set4 + " drop\n"
                + "add rule " + t + " " + chain + " ip6 saddr @" + set6 + " drop\n"
                + "add rule " + t + " " + chain + " ip saddr @" + net4 + " drop\n"
                + "add rule " + t + " " + chain + " ip6 saddr @" + net6 + " drop\n";
    }

    /** Empties the four sets (the table, sets and rules stay). */
    String flush() {
        StringBuilder sb = new StringBuilder();
        for (String set : sets()) {
            sb.append("flush set inet ").append(table).append(' ').append(set).append('\n');
        }
        return sb.toString();
    }

    /** The four sets: addresses IPv4, IPv6, then networks IPv4, IPv6. */
    List<String> sets() {
        return List.of(set4, set6, net4, net6);
    }

    /**
     * The scripts that put {@code elements} into their sets with their timeouts ({@code ban}) or take them
     * out ({@code !ban}), in order, per set in the order of {@link #sets()}, each script at most
     * {@code budget} bytes of UTF-8 unless a single address needs more.
     */
    List<Batch> elements(List<Element> elements, boolean ban, long budget) {
        List<Batch> batches = new ArrayList<>();
        for (boolean network : new boolean[] {false, true}) {
            for (boolean v4 : new boolean[] {true, false}) {
                String set = network ? v4 ? net4 : net6 : v4 ? set4 : set6;
                List<Element> these = elements.stream().filter(e -> e.ipv4() == v4 && e.network() == network).toList();
                for (List<Element> run : Batches.split(these, overhead(set, ban), e -> cost(e, ban), budget)) {
                    batches.add(batch(set, run, ban));
                }
            }
        }
        return List.copyOf(batches);
    }

    private Batch batch(String set, List<Element> run, boolean ban) {
        List<String> plain = new ArrayList<>(run.size());
        List<String> timed = new ArrayList<>(run.size());
        for (Element e : run) {
            plain.add(e.address());
            timed.add(e.address() + " timeout " + e.seconds() + "s");
        }
        String target = " inet " + table + " " + set + " { ";
        StringBuilder sb = new StringBuilder()
                .append("add element").append(target).append(String.join(", ", plain)).append(" }\n")
                .append("delete element").append(target).append(String.join(", ", plain)).append(" }\n");
        if (ban) {
            sb.append("add element").append(target).append(String.join(", ", timed)).append(" }\n");
        }
        return new Batch(sb.toString(), List.copyOf(plain));
    }

    /** The bytes of a script for {@code set} with no elements. */
    private long overhead(String set, boolean ban) {
        long line = bytes(" inet " + table + " " + set + " {  }\n");
        return (ban ? 3 : 2) * line + bytes("add element") * (ban ? 2 : 1) + bytes("delete element");
    }

    /** The bytes one element adds to a script: the address in each line, a ", " each, the timeout. */
    private static long cost(Element e, boolean ban) {
        long each = bytes(e.address()) + 2;
        return ban ? 3 * each + bytes(" timeout " + e.seconds() + "s") : 2 * each;
    }

    private static long bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whole seconds from now until {@code end}, rounded up, at least 1. */
    static long remainingSeconds(Duration remaining) {
        long seconds = remaining.getSeconds() + (remaining.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
