/** The built-in {@code opensmtpd} filter: failures of every OpenSMTPD log generation, correlated through sessions. */
package dev.warden.filters.opensmtpd;
