/** Address ranges and ignore lists: which addresses a jail never bans. Internal to core. */
package dev.warden.core.net;
