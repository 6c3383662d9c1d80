package dev.warden.core.metrics;

/**
 * The fleet's counts since the daemon started, as {@link WardenMetrics#updateFleet} takes them (absolute: turned
 * into counter increments there). Immutable.
 *
 * @param connected whether the last reads and sends reached Redis
 * @param lagSeconds how far behind the stream the last read was
 * @param published this node's entries Redis took
 * @param waiting this node's entries waiting for Redis
 * @param dropped this node's entries dropped from a full queue
 * @param applied other nodes' entries taken from the stream (bans and unbans, ignored and over-cap ones included)
 * @param remoteBans other nodes' bans held now
 * @param ignored remote bans not applied: the address is on an ignore list
 * @param overCap remote bans not applied: the cap was reached
 */
public record FleetCounts(boolean connected, double lagSeconds, long published, long waiting, long dropped,
                          long applied, long remoteBans, long ignored, long overCap) {
}
