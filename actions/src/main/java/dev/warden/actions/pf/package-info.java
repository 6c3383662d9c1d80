/** The {@code pf} action: bans as addresses in a pf table, applied with {@code pfctl -T add/delete} (OpenBSD). */
package dev.warden.actions.pf;
