/** The jail engine: ignore lists, failure windows, ban decisions, the ban book and action dispatch (internal). */
package dev.warden.core.engine;
