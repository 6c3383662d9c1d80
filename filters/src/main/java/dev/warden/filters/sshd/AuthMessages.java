package dev.warden.filters.sshd;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import dev.warden.core.spi.IpAddress;

import java.util.List;

import static dev.warden.filters.sshd.MessagePattern.address;
import static dev.warden.filters.sshd.MessagePattern.simple;

/**
 * The authentication messages: failures, refusals, PAM, success and the lines that name the peer.
 *
 * <p><b>Which address.</b> User names are the client's choice and may hold spaces, {@code from A port N}
 * or a whole fake message. Where the name comes before the address, patterns anchor on sshd's own text
 * <em>after</em> the address, to the end of the message, and a greedy user group makes the last such
 * address win. The exception is {@code Failed}/{@code Accepted} for a <em>valid</em> user: that name is a
 * local account (no spaces), and sshd may append key information that the client partly controls, so
 * there the first {@code from} after the name is sshd's.
 */
final class AuthMessages {

    private static final String PORT = "(?: port \\d+)?(?: on \\S+(?: port \\d+)?)?";
    /** Auth info sshd appends for key-based methods: key type and fingerprint, certificate, hostbased client. */
    private static final String KEY_INFO = "(?:[\\w@.-]+ \\S+(?:, client user \"[^\"]*\", client host \"[^\"]*\")?"
            + "|ID [^\"]* \\(serial \\d+\\) CA [\\w@.-]+ \\S+)";
    private static final Pattern FAILED_INVALID = Pattern.compile(
            "Failed (\\S+) for invalid user (.*) from (\\S+)" + PORT + "(?: ssh\\d*)?(?:: " + KEY_INFO + ")?");
    private static final Pattern FAILED_VALID = Pattern.compile(
            "Failed (\\S+) for (.*?) from (\\S+)" + PORT + "(?: ssh\\d*)?(?:: .*)?");
    private static final Pattern ACCEPTED = Pattern.compile(
            "Accepted (\\S+) for (.*?) from (\\S+)" + PORT + "(?: ssh\\d*)?(?:: .*)?");
    private static final Pattern PAM = Pattern.compile(
            "pam_[a-z0-9_]+\\(sshd:auth\\):\\s+authentication failure;(?:\\s+(?:logname|uid|euid|tty)=\\S*)*"
            + "\\s+ruser=(\\S*)\\s+rhost=(\\S+)(?:\\s+user=(.*))?");
    private static final Pattern CHANGE_OF_USER = Pattern.compile(
            "Disconnecting (?:invalid|authenticating) user (.*) (\\S+) port \\d+: "
            + "Change of username or service not allowed: \\((.*)");
    private static final String PAM_ERROR = "(?:[aA]uthentication (?:failure|error|failed)"
            + "|User not known to the underlying authentication module|unknown user) for (.*) from (\\S+)(?: via \\S+)?";

    private AuthMessages() {
    }

    static List<MessagePattern> patterns() {
        return List.of(
                MessagePattern.of("Failed ", AuthMessages::failed),
                MessagePattern.of("Accepted ", AuthMessages::accepted),
                MessagePattern.of("pam_", AuthMessages::pam),
                simple("Invalid user ", "Invalid user (.*) from (\\S+)" + PORT, 2, MessageKind.AUTH_FAILURE),
                simple("invalid user ", "invalid user (.*) from (\\S+)" + PORT, 2, MessageKind.AUTH_FAILURE),
                simple("Illegal user ", "Illegal user (.*) from (\\S+)" + PORT, 2, MessageKind.AUTH_FAILURE),
                simple("illegal user ", "illegal user (.*) from (\\S+)" + PORT, 2, MessageKind.AUTH_FAILURE),
                simple("User ", "User (.*) from (\\S+) not allowed because .+", 2, MessageKind.AUTH_FAILURE),
                MessagePattern.hostless("User ", "User .* not allowed because account is locked", MessageKind.LOCKED),
                simple("ROOT LOGIN REFUSED", "ROOT LOGIN REFUSED.* FROM (\\S+)(?: port \\d+)?", 1,
                        MessageKind.AUTH_FAILURE),
                simple("refused connect from ", "refused connect from \\S+ \\((\\S+)\\)", 1, MessageKind.AUTH_FAILURE),
                simple("Authentication ", PAM_ERROR, 2, MessageKind.AUTH_FAILURE),
                simple("authentication ", PAM_ERROR, 2, MessageKind.AUTH_FAILURE),
                simple("User not known ", PAM_ERROR, 2, MessageKind.AUTH_FAILURE),
                simple("unknown user ", PAM_ERROR, 2, MessageKind.AUTH_FAILURE),
                simple("maximum authentication attempts exceeded for ",
                        "maximum authentication attempts exceeded for (.*) from (\\S+)" + PORT + "(?: ssh\\d*)?", 2,
                        MessageKind.MAX_ATTEMPTS),
                MessagePattern.of("Disconnecting", AuthMessages::tooMany),
                MessagePattern.of("Disconnecting ", AuthMessages::changeOfUser),
                simple("Connection from ", "Connection from (\\S+)" + PORT + "(?: rdomain .*)?", 1, MessageKind.CONNECT),
                simple("SSH: Server;Ltype: ", "SSH: Server;Ltype: (?:Authname|Version|Kex);Remote: (\\S+?)-\\d+;.*", 1,
                        MessageKind.HINT));
    }

    private static final Pattern TOO_MANY = Pattern.compile(
            "Disconnecting(?: (?:invalid|authenticating) user (.*) (\\S+) port \\d+)?: "
            + "Too many authentication failures(?: for .*)?");

    private static SshdEvent failed(String text, boolean preauth) {
        boolean invalid = text.indexOf(" for invalid user ") == text.indexOf(" for ");
        Matcher m = (invalid ? FAILED_INVALID : FAILED_VALID).matcher(text);
        if (!m.matches()) {
            return null;
        }
        IpAddress a = address(m.group(3));
        if (a == null) {
            return null;
        }
        boolean probe = !invalid && m.group(1).equals("publickey");
        return new SshdEvent(probe ? MessageKind.PUBLICKEY_PROBE : MessageKind.FAILED_METHOD, a, m.group(2), preauth,
                m.group(1));
    }

    private static SshdEvent accepted(String text, boolean preauth) {
        Matcher m = ACCEPTED.matcher(text);
        IpAddress a = m.matches() ? address(m.group(3)) : null;
        return a == null ? null : new SshdEvent(MessageKind.ACCEPTED, a, m.group(2), preauth);
    }

    /** The user is pam's {@code user=} (the name tried) or else {@code ruser=}. */
    private static SshdEvent pam(String text, boolean preauth) {
        Matcher m = PAM.matcher(text);
        IpAddress a = m.matches() ? address(m.group(2)) : null;
        if (a == null) {
            return null;
        }
        String user = m.group(3) != null && !m.group(3).isBlank() ? m.group(3).trim() : m.group(1);
        return new SshdEvent(MessageKind.PAM_FAILURE, a, user, preauth);
    }

    private static SshdEvent tooMany(String text, boolean preauth) {
        Matcher m = TOO_MANY.matcher(text);
        if (!m.matches()) {
            return null;
        }
        IpAddress a = address(m.group(2));
        if (m.group(2) != null && a == null) {
            return null;
        }
        return new SshdEvent(MessageKind.TOO_MANY, a, null, preauth);
    }

    /**
     * {@code Disconnecting invalid user U A port N: Change of username or service not allowed: (U,svc) -> ...}.
     * The user appears twice; the split is trusted only when the text in parentheses starts with the same
     * user, so a name that fakes the message cannot move the address.
     */
    private static SshdEvent changeOfUser(String text, boolean preauth) {
        Matcher m = CHANGE_OF_USER.matcher(text);
        if (!m.matches() || !m.group(3).startsWith(m.group(1) + ",")) {
            return null;
        }
        IpAddress a = address(m.group(2));
        return a == null ? null : new SshdEvent(MessageKind.AUTH_FAILURE, a, m.group(1), preauth);
    }
}
