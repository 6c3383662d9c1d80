package dev.warden.filters.sshd;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Every message shape the filter knows, indexed by first byte. A message reaches a regex only when a
 * literal prefix matched its bytes, and becomes a {@code String} only then. Immutable after construction.
 */
final class MessageCatalogue {

    private final MessagePattern[][] byFirstByte = new MessagePattern[128][];

    MessageCatalogue() {
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
