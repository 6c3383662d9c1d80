package dev.warden.core.state;

import dev.warden.core.spi.Ban;
import dev.warden.core.spi.IpAddress;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The text of the ban journal ({@code journal} in the state directory): the bans applied since the
 * state file was written, so that a round that bans appends a few lines instead of rewriting the whole
 * state. UTF-8 lines, each ending in {@code \n}:
 *
 * <pre>
 * warden-journal 1 after SNAPSHOT-ID
 * ban JAIL ADDRESS START END FAILURES automatic|manual     (the state file's ban line: ADDRESS may be a
 *                                                          network, as in state format 4)
 * ...
 * commit N CRC32C
 * </pre>
 *
 * {@code SNAPSHOT-ID} is the CRC32C of the whole state file the journal continues ({@link #snapshotId}):
 * a journal left beside a newer state file (a crash between writing the state and removing the journal)
 * is stale and ignored. Each append is one block of {@code ban} lines: a {@link Frame} closed by a
 * {@code commit} line giving their number and the CRC32C of their bytes (the header is outside any
 * block). A block torn by a crash has no valid commit line and is dropped, with everything after it.
 * Stateless.
 */
final class BanJournal {

    /** The journal's file name in the state directory. */
    static final String FILE = "journal";

    static final String HEADER = "warden-journal";
    static final int FORMAT = 1;
    /** The first word of a commit line, the trailer of each block's {@link Frame}. */
    static final String COMMIT = "commit";

    private BanJournal() {
    }

    /**
     * What a journal file holds.
     *
     * @param after the id of the state file it continues; null if the header is missing or unreadable
     * @param bans the bans of the complete blocks, in the order appended
     * @param problem why reading stopped before the end of the file (a torn or damaged block), or null
     */
    record Contents(String after, List<Ban> bans, String problem) {
        Contents {
            bans = List.copyOf(bans);
        }
    }

    /** The id a journal uses to name the state file it continues: the CRC32C of the file's bytes. */
    static String snapshotId(byte[] stateFile) {
        return StateFormat.crcText(stateFile, stateFile.length);
    }

    /** The first line of a journal continuing the state file with id {@code snapshotId}. */
    static byte[] header(String snapshotId) {
        return (HEADER + " " + FORMAT + " after " + snapshotId + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** One block: the ban lines of {@code bans} and the commit line that vouches for them. */
    static byte[] block(List<Ban> bans) {
        FrameWriter block = new FrameWriter(COMMIT, 96 * bans.size() + 32);
        for (Ban b : bans) {
            StateFormat.appendBan(block, b);
        }
        return block.bytes();
    }

    /** Reads a journal file's bytes; never throws for damaged contents (see {@link Contents#problem}). */
    static Contents read(byte[] content) {
        int nl = FrameReader.lineEnd(content, 0);
        if (nl < 0) {
            return new Contents(null, List.of(), content.length == 0 ? null : "no complete header line");
        }
        String[] h = new String(content, 0, nl, StandardCharsets.UTF_8).split(" ", -1);
        if (h.length != 4 || !h[0].equals(HEADER) || !h[1].equals(Integer.toString(FORMAT)) || !h[2].equals("after")) {
            return new Contents(null, List.of(), "not a Warden ban journal of format " + FORMAT);
        }
        List<Ban> bans = new ArrayList<>();
        FrameReader blocks = new FrameReader(content, nl + 1, 2, COMMIT);
        for (Frame block = blocks.next(); block != null; block = blocks.next()) {
            List<Ban> read = new ArrayList<>(block.lines().size());
            try {
                for (String line : block.lines()) {
                    read.add(StateRecordReader.parseBan(line, true)); // written by a Warden that reads networks
                }
            } catch (RuntimeException e) {
                return new Contents(h[3], bans, "an unreadable line (" + e.getMessage() + "): the rest is dropped");
            }
            bans.addAll(read);
        }
        return new Contents(h[3], bans, blocks.stop() == null ? null : problem(blocks.stop()));
    }

    /** Why reading stopped at a block, for the operator: what was in it was never applied. */
    private static String problem(FrameStop stop) {
        return switch (stop.reason()) {
            case PARTIAL_LINE -> "a block torn by a crash (no commit line): " + stop.frameLines() + "+ ban(s) dropped";
            case NO_TRAILER -> "a block torn by a crash (no commit line): " + stop.frameLines() + " ban(s) dropped";
            case BAD_COUNT, BAD_CHECKSUM -> "a damaged block (its commit line does not match it): "
                    + stop.frameLines() + " ban(s) dropped";
            case NOT_UTF8 -> "an unreadable line (not valid UTF-8): the rest is dropped";
        };
    }

    /**
     * {@code state} with the journal's {@code bans} applied in order, as the daemon applied them: each
     * replaces whatever the state held for its jail and address, and counts once more in the ban counts (its end becoming the latest end if it is later).
     */
    static WardenState replay(WardenState state, List<Ban> bans) {
        if (bans.isEmpty()) {
            return state;
        }
        Set<Key> replaced = new HashSet<>();
        for (Ban b : bans) {
            replaced.add(new Key(b.jail(), b.address()));
        }
        List<Ban> merged = new ArrayList<>();
        for (Ban b : state.bans()) {
            if (!replaced.contains(new Key(b.jail(), b.address()))) {
                merged.add(b);
            }
        }
        Map<Key, Ban> last = new java.util.LinkedHashMap<>();
        for (Ban b : bans) {
            Key k = new Key(b.jail(), b.address());
            last.remove(k);
            last.put(k, b);
        }
        merged.addAll(last.values());
        Map<String, Map<IpAddress, BanCount>> counts = new HashMap<>();
        state.banCounts().forEach((jail, perAddress) -> counts.put(jail, new HashMap<>(perAddress)));
        for (Ban b : bans) {
            counts.computeIfAbsent(b.jail(), j -> new HashMap<>()).merge(b.address(), new BanCount(1, b.end()),
                    (was, one) -> new BanCount(was.count() + 1,
                            was.lastEnd() == null || was.lastEnd().isBefore(b.end()) ? b.end() : was.lastEnd()));
        }
        return new WardenState(state.formatVersion(), merged, counts, state.files(), state.cursors(),
                state.failures(), state.filterStates(), state.fleet(), bans);
    }

    private record Key(String jail, IpAddress address) {
        Key {
            Objects.requireNonNull(jail);
            Objects.requireNonNull(address);
        }
    }
}
