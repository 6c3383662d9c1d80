/** The {@code nftables} action: bans as elements with a timeout in per-jail nftables sets, applied with {@code nft -f -} (Linux). */
package dev.warden.actions.nftables;
