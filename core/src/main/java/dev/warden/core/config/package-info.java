/** The YAML configuration model, its loading and validation, and durations. */
package dev.warden.core.config;
