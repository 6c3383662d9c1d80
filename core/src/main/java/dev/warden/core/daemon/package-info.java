/** The daemon: jails following their logs, bans applied and lifted on time, state kept, control answered. */
package dev.warden.core.daemon;
