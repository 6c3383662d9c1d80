/** Crash-safe persistent daemon state: active bans, ban counts per jail and followed-file positions (internal). */
package dev.warden.core.state;
