/**
 * The face the command line uses core through (public): load a configuration and build its jails, scan,
 * run the daemon, talk to a running daemon, try a filter, discover plugins.
 */
package dev.warden.core.api;
