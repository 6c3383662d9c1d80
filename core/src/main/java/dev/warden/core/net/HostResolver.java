package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;

import java.io.IOException;
import java.util.List;

/**
 * Turns a host name an operator wrote in an {@code ignore} list into its addresses, when the configuration is
 * loaded (at start, at each reload, and by {@code validate}): never a name taken from a log. Injected, so that
 * tests resolve through {@code /etc/hosts} or a table of their own.
 */
@FunctionalInterface
public interface HostResolver {

    /**
     * The addresses of {@code name}, normalized ({@code ::ffff:192.0.2.1} as {@code 192.0.2.1}).
     *
     * @param name a host name (letters, digits, {@code -} and {@code .}); never an address literal
     * @return at least one address
     * @throws IOException when the name has no address, or the lookup failed or took too long; the message says
     *     which, in the operator's words
     */
    List<IpAddress> resolve(String name) throws IOException;

    /**
     * Whether {@code text} is written like a host name: labels of letters, digits and {@code -} (not at a
     * label's ends), separated by dots, at most 253 characters, and not all digits and dots (a mistyped
     * address such as {@code 192.0.2.300} stays an error, not a lookup).
     */
    static boolean looksLikeName(String text) {
        if (text.isEmpty() || text.length() > 253) {
            return false;
        }
        boolean letter = false;
        for (String label : text.split("\\.", -1)) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
                return false;
            }
            for (int i = 0; i < label.length(); i++) {
                char c = label.charAt(i);
                boolean isLetter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
                if (!isLetter && !(c >= '0' && c <= '9') && c != '-') {
                    return false;
                }
                letter |= isLetter;
            }
        }
        return letter;
    }
}
