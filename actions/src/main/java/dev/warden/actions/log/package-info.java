/** The {@code log} action: the dry run, which logs what it would ban and unban and executes nothing. */
package dev.warden.actions.log;
