/** The {@code regex} filter: failures described in YAML as RE2 patterns with an {@code <ADDR>} placeholder. Internal except the factory. */
package dev.warden.filters.regex;
