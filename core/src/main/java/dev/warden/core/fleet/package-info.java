/** The fleet: bans shared between hosts through a Redis stream, published and followed off the loop thread (internal). */
package dev.warden.core.fleet;
