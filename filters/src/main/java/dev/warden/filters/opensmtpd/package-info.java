/** The built-in {@code opensmtpd} filter: SMTP AUTH failures correlated through smtpd sessions. */
package dev.warden.filters.opensmtpd;
