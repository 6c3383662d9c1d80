/** Finding filter and action plugins with {@link java.util.ServiceLoader}. Internal to core. */
package dev.warden.core.plugin;
