/** The daemon's Prometheus metrics: what is counted, and the three ways it is served (control socket, HTTP, a file). */
package dev.warden.core.metrics;
