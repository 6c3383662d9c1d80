/** What the {@code pf} and {@code nftables} actions share: commands in byte-bounded batches, run in order, failures reported as "not applied". */
package dev.warden.actions.command;
