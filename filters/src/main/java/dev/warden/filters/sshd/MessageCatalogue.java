package dev.warden.filters.sshd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every message shape the filter knows, indexed by first byte. The common shapes are parsed on the bytes
 * by {@link FastMessages}; a message it leaves undecided reaches a regex only when a literal prefix matched
 * its bytes, and becomes a {@code String} only then. Immutable after construction.
 */
final class MessageCatalogue {

    private final MessagePattern[][] byFirstByte = new MessagePattern[128][];
    private final boolean fastPath;

    /** The catalogue the filter uses: {@link FastMessages} first, the regexes for what it leaves. */
    MessageCatalogue() {
        this(true);
    }

    /** @param fastPath false for the regex-only catalogue (the reference the fast path is tested against) */
    MessageCatalogue(boolean fastPath) {
        this.fastPath = fastPath;
        List<List<MessagePattern>> lists = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            lists.add(new ArrayList<>());
        }
        List<MessagePattern> all = new ArrayList<>(AuthMessages.patterns());
        all.addAll(ConnectionMessages.patterns());
        for (MessagePattern p : all) {
            lists.get(p.prefix()[0] & 0x7F).add(p);
        }
        for (int i = 0; i < 128; i++) {
            byFirstByte[i] = lists.get(i).toArray(new MessagePattern[0]);
        }
    }

    /** The event for the message {@code b[start, end)}, or null when it is none of ours. Never throws. */
    SshdEvent parse(byte[] b, int start, int end, boolean preauth) {
        if (start >= end || b[start] < 0) {
            return null;
        }
        if (fastPath) {
            SshdEvent fast = FastMessages.parse(b, start, end, preauth);
            if (fast != FastMessages.UNDECIDED) {
                return fast == FastMessages.NONE ? null : fast;
            }
        }
        String text = null;
        for (MessagePattern p : byFirstByte[b[start]]) {
            if (p.accepts(b, start, end)) {
                if (text == null) {
                    text = new String(b, start, end - start, StandardCharsets.UTF_8);
                }
                SshdEvent e = p.parser().apply(text, preauth);
                if (e != null) {
                    return e;
                }
            }
        }
        return null;
    }
}
