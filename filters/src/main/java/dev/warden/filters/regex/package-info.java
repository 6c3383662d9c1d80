/** The {@code regex} filter: failures written in YAML as RE2 patterns with {@code <ADDR>}. Internal except the factory. */
package dev.warden.filters.regex;
