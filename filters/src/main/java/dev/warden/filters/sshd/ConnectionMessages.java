package dev.warden.filters.sshd;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.warden.core.spi.IpAddress;

import java.util.List;

import static dev.warden.filters.sshd.MessagePattern.address;
import static dev.warden.filters.sshd.MessagePattern.hostless;
import static dev.warden.filters.sshd.MessagePattern.simple;

/**
 * Connection-level messages: disconnects and closes (which end a pid's session), scanners and protocol
 * garbage before authentication ({@code ddos}), and algorithm negotiation failures ({@code extra}).
 * Client-chosen text (disconnect reasons, offered algorithms, banners) always follows sshd's address
 * here, so patterns take the address right after sshd's fixed words; where a user name comes first,
 * a greedy user group anchors on the {@code A port N} that ends the message.
 */
final class ConnectionMessages {

    /** Either {@code invalid|authenticating user U A port N} (group 1 user, 2 address) or {@code A[ port N]} (3). */
    private static final String PEER = "(?:(?:invalid|authenticating) user (.*) (\\S+) port \\d+|(\\S+)(?: port \\d+)?)";
    private static final Pattern CLOSED = Pattern.compile("Connection (?:closed|reset) by " + PEER);
    private static final Pattern DISCONNECTED = Pattern.compile("Disconnected from " + PEER);
    private static final Pattern RECEIVED = Pattern.compile(
            "Received disconnect from (\\S+)(?: port \\d+:\\s*|:\\s+)(\\d+): (.*)");
    private static final Pattern AUTH_FAIL = Pattern.compile(".*: Auth fail");
    private static final Pattern NO_METHODS = Pattern.compile("No(?: supported)? authentication methods available");
    private static final Pattern DISPATCH = Pattern.compile("ssh_dispatch_run_fatal: Connection from "
            + "(?:(?:invalid|authenticating) user .* )?(\\S+) port \\d+: (?:message authentication code incorrect|[Cc]onnection corrupted"
            + "|invalid format|incomplete message)");

    private ConnectionMessages() {
    }

    static List<MessagePattern> patterns() {
        return List.of(
                MessagePattern.of("Connection closed by ", ConnectionMessages::closed),
                MessagePattern.of("Connection reset by ", ConnectionMessages::closed),
                MessagePattern.of("Disconnected from ", ConnectionMessages::disconnected),
                MessagePattern.of("Received disconnect from ", ConnectionMessages::received),
                simple("Did not receive identification string from ",
                        "Did not receive identification string from (\\S+)(?: port \\d+)?", 1, MessageKind.SCANNER),
                simple("Bad protocol version identification ",
                        "Bad protocol version identification (.*) from (\\S+)(?: port \\d+)?", 2, MessageKind.SCANNER),
                simple("banner exchange: Connection from ",
                        "banner exchange: Connection from (\\S+) port \\d+: .*", 1, MessageKind.SCANNER),
                MessagePattern.of("ssh_dispatch_run_fatal: ", ConnectionMessages::dispatch),
                simple("Timeout before authentication for ",
                        "Timeout before authentication for (?:connection from )?(\\S+)(?: port \\d+| to \\S+, pid = \\d+)?",
                        1, MessageKind.SCANNER),
                simple("Magic value check failed ",
                        "Magic value check failed \\(\\d+\\) on obfuscated handshake from (\\S+)(?: port \\d+)?", 1,
                        MessageKind.SCANNER),
                simple("drop connection #",
                        "drop connection #\\d+ from \\[(\\S+)\\]:\\d+ on \\[\\S+\\]:\\d+ penalty: .*", 1,
                        MessageKind.SCANNER),
                hostless("kex_exchange_identification: ", "kex_exchange_identification: (?:read: )?"
                        + "(?:[Cc]lient sent invalid protocol identifier.*|[Cc]onnection closed by remote host"
                        + "|[Cc]onnection reset by peer)", MessageKind.KEX_IDENTIFICATION),
                hostless("Read from socket failed: ", "Read from socket failed: Connection reset by peer",
                        MessageKind.SCANNER_HOSTLESS),
                simple("Unable to negotiate with ",
                        "Unable to negotiate with (\\S+)(?: port \\d+)?: no matching .* found\\..*", 1,
                        MessageKind.NEGOTIATION),
                hostless("Unable to negotiate a ", "Unable to negotiate a [\\w -]+", MessageKind.NEGOTIATION_HOSTLESS),
                hostless("no matching ", "no matching [\\w -]+ found:.*", MessageKind.NEGOTIATION_HOSTLESS));
    }

    private static SshdEvent closed(String text, boolean preauth) {
        Matcher m = CLOSED.matcher(text);
        IpAddress a = m.matches() ? peer(m) : null;
        return a == null ? null : new SshdEvent(MessageKind.CLOSE, a, m.group(1), preauth);
    }

    private static SshdEvent disconnected(String text, boolean preauth) {
        Matcher m = DISCONNECTED.matcher(text);
        IpAddress a = m.matches() ? peer(m) : null;
        if (a == null) {
            return null;
        }
        MessageKind kind = m.group(1) != null ? MessageKind.DISCONNECTED_USER : MessageKind.CLOSE;
        return new SshdEvent(kind, a, m.group(1), preauth);
    }

    private static IpAddress peer(Matcher m) {
        return address(m.group(2) != null ? m.group(2) : m.group(3));
    }

    /** Code 3 with {@code ...: Auth fail} is an auth failure, 14 a lack of methods; any other only ends. */
    private static SshdEvent received(String text, boolean preauth) {
        Matcher m = RECEIVED.matcher(text);
        IpAddress a = m.matches() ? address(m.group(1)) : null;
        if (a == null) {
            return null;
        }
        String code = m.group(2);
        String reason = m.group(3);
        MessageKind kind = MessageKind.RECEIVED_DISCONNECT;
        if (code.equals("3") && AUTH_FAIL.matches(reason)) {
            kind = MessageKind.AUTH_FAIL_DISCONNECT;
        } else if (code.equals("14") && NO_METHODS.matches(reason)) {
            kind = MessageKind.NO_AUTH_METHODS;
        }
        return new SshdEvent(kind, a, null, preauth);
    }

    /** Transport corruption is a scanner only before authentication. */
    private static SshdEvent dispatch(String text, boolean preauth) {
        Matcher m = DISPATCH.matcher(text);
        IpAddress a = preauth && m.matches() ? address(m.group(1)) : null;
        return a == null ? null : new SshdEvent(MessageKind.SCANNER, a, null, preauth);
    }
}
