/** Crash-safe persistent daemon state: bans, ban counts, file positions, failures being counted (internal). */
package dev.warden.core.state;
