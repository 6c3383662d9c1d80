package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves through the system's resolver ({@link InetAddress#getAllByName}: {@code /etc/hosts}, then DNS, as
 * {@code nsswitch.conf} says), waiting at most a timeout per name so that a dead DNS server cannot hold up a
 * start or reload for long; a lookup that takes longer is left to finish on its own daemon thread. Stateless
 * (the JVM caches answers for 30 s by default).
 */
public final class SystemResolver implements HostResolver {

    /** How long one name may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final Duration timeout;

    public SystemResolver() {
        this(DEFAULT_TIMEOUT);
    }

    public SystemResolver(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public List<IpAddress> resolve(String name) throws IOException {
        CompletableFuture<InetAddress[]> lookup = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                lookup.complete(InetAddress.getAllByName(name));
            } catch (UnknownHostException | RuntimeException e) {
                lookup.completeExceptionally(e);
            }
        }, "warden-resolve");
        t.setDaemon(true);
        t.start();
        InetAddress[] found;
        try {
            found = lookup.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("no answer within " + timeout.toSeconds() + "s");
        } catch (ExecutionException e) {
            throw new IOException(e.getCause() instanceof UnknownHostException ? "no such host"
                    : String.valueOf(e.getCause().getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while resolving " + name);
        }
        LinkedHashSet<IpAddress> out = new LinkedHashSet<>();
        for (InetAddress a : found) {
            IpAddress.parse(a.getHostAddress()).ifPresent(out::add);
        }
        if (out.isEmpty()) {
            throw new IOException("no address");
        }
        return new ArrayList<>(out);
    }
}
