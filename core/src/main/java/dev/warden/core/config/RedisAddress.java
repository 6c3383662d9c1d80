package dev.warden.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the fleet's Redis (or Valkey) is: {@code redis://[user:password@]HOST[:PORT][/DB]}, {@code rediss://}
 * for TLS. Immutable. {@link #toString()} never shows the password, so the address can be logged.
 *
 * @param tls whether the connection uses TLS ({@code rediss://})
 * @param user the ACL user, or null for none (or the {@code default} user with a password only)
 * @param password the password, or null for none
 * @param host a host name or IP address, without brackets
 * @param port 1–65535, default {@value #DEFAULT_PORT}
 * @param db the database number, 0 or more, default 0
 */
public record RedisAddress(boolean tls, String user, String password, String host, int port, int db) {

    public static final int DEFAULT_PORT = 6379;

    public RedisAddress {
        Objects.requireNonNull(host, "host");
        if (port < 1 || port > 65535 || db < 0) {
            throw new IllegalArgumentException("port " + port + ", db " + db);
        }
    }

    /** {@code text} as an address, or empty when it is not a {@code redis://} or {@code rediss://} URL. */
    public static Optional<RedisAddress> parse(String text) {
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme();
        if (!"redis".equals(scheme) && !"rediss".equals(scheme) || uri.getHost() == null
                || uri.getQuery() != null || uri.getFragment() != null) {
            return Optional.empty();
        }
        Optional<Integer> db = database(uri.getRawPath());
        if (db.isEmpty()) {
            return Optional.empty();
        }
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = decode(colon < 0 ? info : info.substring(0, colon));
            password = colon < 0 ? null : decode(info.substring(colon + 1));
            user = user.isEmpty() ? null : user;
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        return port < 1 || port > 65535 ? Optional.empty()
                : Optional.of(new RedisAddress("rediss".equals(scheme), user, password, host, port, db.get()));
    }

    private static Optional<Integer> database(String path) {
        if (path == null || path.isEmpty() || path.equals("/")) {
            return Optional.of(0);
        }
        String number = path.substring(1);
        if (number.isEmpty() || number.length() > 5 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(number));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** The URL without its password ({@code redis://mx1:***@10.0.0.5:6379/0}). */
    @Override
    public String toString() {
        String info = user == null && password == null ? ""
                : (user == null ? "" : user) + (password == null ? "" : ":***") + "@";
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + info + h + ":" + port + "/" + db;
    }
}
