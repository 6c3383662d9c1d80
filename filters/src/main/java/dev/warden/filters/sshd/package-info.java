/** The {@code sshd} filter: OpenSSH failure messages, with per-pid session correlation. Internal except the factory. */
package dev.warden.filters.sshd;
