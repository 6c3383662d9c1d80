/** Reading log files as lines over large byte buffers, and parsing syslog headers (internal). */
package dev.warden.core.log;
