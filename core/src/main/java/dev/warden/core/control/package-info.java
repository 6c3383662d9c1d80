/** The daemon's control channel: one JSON request and one JSON response per connection over a Unix domain socket (internal). */
package dev.warden.core.control;
