/** Pauses between the tries of something that fails (a lost Redis, a source program that exits). Internal to core. */
package dev.warden.core.retry;
