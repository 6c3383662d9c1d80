package dev.warden.core.config;

import java.time.Duration;
import java.util.Optional;

/** Reads a jail's {@code ban-time-increment: {factor, max, across-jails, forget-after}}. */
final class BanTimeIncrementReader {

    static final String KEY = "ban-time-increment";

    private final NodeReader reader;

    BanTimeIncrementReader(NodeReader reader) {
        this.reader = reader;
    }

    /** The increment of the jail at {@code jailPath}, {@link BanTimeIncrement#NONE} when absent or unusable. */
    BanTimeIncrement read(YamlNode.Mapping jail, String jailPath, Duration banTime) {
        YamlNode node = jail.get(KEY);
        if (node == null) {
            return BanTimeIncrement.NONE;
        }
        String path = NodeReader.child(jailPath, KEY);
        Optional<YamlNode.Mapping> map = reader.mapping(node, path);
        if (map.isEmpty()) {
            return BanTimeIncrement.NONE;
        }
        YamlNode.Mapping m = map.get();
        reader.checkKeys(m, path, ConfigKeys.BAN_TIME_INCREMENT);
        double factor = 2.0;
        YamlNode f = m.get("factor");
        if (f != null) {
            Optional<Double> value = reader.number(f, NodeReader.child(path, "factor"));
            if (value.isPresent() && (value.get() < 1.0 || value.get() > 1000.0)) {
                reader.issues().error(f.line(), NodeReader.child(path, "factor"),
                        "must be between 1 and 1000, got " + value.get());
                return BanTimeIncrement.NONE;
            }
            factor = value.orElse(2.0);
        }
        Duration max = BanTimeIncrement.DEFAULT_MAX;
        YamlNode x = m.get("max");
        if (x != null) {
            Optional<Duration> value = reader.duration(x, NodeReader.child(path, "max"));
            if (value.isPresent() && value.get().compareTo(banTime) < 0) {
                reader.issues().error(x.line(), NodeReader.child(path, "max"),
                        "must be at least the jail's ban-time (" + Durations.format(banTime) + ")");
                return BanTimeIncrement.NONE;
            }
            max = value.orElse(max);
        }
        boolean across = Optional.ofNullable(m.get("across-jails"))
                .flatMap(n -> reader.bool(n, NodeReader.child(path, "across-jails"))).orElse(false);
        Duration forgetAfter = BanTimeIncrement.defaultForgetAfter(max);
        YamlNode fa = m.get("forget-after");
        if (fa != null) {
            Optional<Duration> value = reader.duration(fa, NodeReader.child(path, "forget-after"));
            if (value.isPresent() && value.get().isZero()) {
                reader.issues().error(fa.line(), NodeReader.child(path, "forget-after"),
                        "must be positive (0 would forget every ban as soon as it ends: no escalation)");
                return BanTimeIncrement.NONE;
            }
            forgetAfter = value.orElse(forgetAfter);
        }
        return new BanTimeIncrement(factor, max, across, forgetAfter);
    }
}
