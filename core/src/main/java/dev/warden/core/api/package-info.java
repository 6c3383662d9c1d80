/** The facade the command line uses core through: plugins, a filter trial, the daemon's control socket (public). */
package dev.warden.core.api;
