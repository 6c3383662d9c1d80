/** Finding filters and actions, built-in and in the plugin folder's jars, with ServiceLoader. Internal to core. */
package dev.warden.core.plugin;
