package dev.warden.core.net;

import dev.warden.core.spi.IpAddress;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * This host's own addresses, for a jail's {@code ignore-self} (fail2ban's {@code ignoreself}; sshguard
 * always spares loopback): the loopback ranges {@code 127.0.0.0/8} and {@code ::1}, and every address of
 * every network interface, up or down, as the operating system lists them now. Banning one of them
 * would cut the host off from itself: webmail or a local relay authenticating against smtpd, a monitor
 * probing its own sshd. Read when a jail starts (so at start and at each reload); an interface address
 * that appears later is only spared after a reload.
 */
public final class OwnAddresses {

    /** {@code 127.0.0.0/8} and {@code ::1}: always spared, even when listing the interfaces fails. */
    public static final IgnoreList LOOPBACK = IgnoreList.of(List.of(Cidr.parse("127.0.0.0/8").orElseThrow(),
            Cidr.parse("::1").orElseThrow()));

    private OwnAddresses() {
    }

    /** Loopback and every interface address of this host, now. */
    public static IgnoreList current() {
        List<Cidr> ranges = new ArrayList<>(LOOPBACK.entries());
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    ranges.add(Cidr.of(of(a)));
                }
            }
        } catch (SocketException e) {
            // no interface list (a sandbox without /proc/net): loopback is still spared
        }
        return IgnoreList.of(ranges);
    }

    /** {@code a} as an {@link IpAddress} (a scope such as {@code %eth0} is not part of it). */
    static IpAddress of(InetAddress a) {
        byte[] b = a.getAddress();
        ByteBuffer buf = ByteBuffer.wrap(b);
        return b.length == 4 ? IpAddress.ofIpv4(buf.getInt()) : IpAddress.ofIpv6(buf.getLong(), buf.getLong());
    }
}
