/** Running external programs as argument lists, without a shell: the {@code CommandRunner} core hands plugins. */
package dev.warden.core.exec;
