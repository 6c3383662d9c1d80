package dev.warden.filters.sshd;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.warden.core.spi.IpAddress;
import dev.warden.core.spi.LineBytes;

import java.util.function.BiFunction;

/**
 * One message shape: a literal prefix checked on the bytes first, then a parser over the message text
 * that usually runs one re2j pattern. Immutable; safe to share.
 *
 * @param prefix the bytes the message must start with before any String is made
 * @param parser turns the message text and its {@code [preauth]} flag into an event, or null
 */
record MessagePattern(byte[] prefix, BiFunction<String, Boolean, SshdEvent> parser) {

    static MessagePattern of(String prefix, BiFunction<String, Boolean, SshdEvent> parser) {
        return new MessagePattern(LineBytes.ascii(prefix), parser);
    }

    /**
     * A pattern whose group {@code addressGroup} is the peer address; yields {@code kind} when the whole
     * message matches and the group is an IP literal (a host name yields nothing).
     */
    static MessagePattern simple(String prefix, String regex, int addressGroup, MessageKind kind) {
        Pattern pattern = Pattern.compile(regex);
        return of(prefix, (text, preauth) -> {
            Matcher m = pattern.matcher(text);
            if (!m.matches()) {
                return null;
            }
            IpAddress a = address(m.group(addressGroup));
            return a == null ? null : new SshdEvent(kind, a, null, preauth);
        });
    }

    /** A message without address: yields {@code kind} when the whole text matches {@code regex}. */
    static MessagePattern hostless(String prefix, String regex, MessageKind kind) {
        Pattern pattern = Pattern.compile(regex);
        return of(prefix, (text, preauth) -> pattern.matches(text) ? new SshdEvent(kind, null, null, preauth) : null);
    }

    /** Whether the message in {@code b[start, end)} starts with this prefix. */
    boolean accepts(byte[] b, int start, int end) {
        return LineBytes.startsWith(b, start, end, prefix);
    }

    /** Parses a literal; null when it is not exactly one IP address (never resolves names). */
    static IpAddress address(String text) {
        return text == null ? null : IpAddress.parse(text).orElse(null);
    }
}
