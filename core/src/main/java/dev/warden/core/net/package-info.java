/** Address ranges and ignore lists: which addresses a jail never bans. Internal to core; never uses core.config. */
package dev.warden.core.net;
