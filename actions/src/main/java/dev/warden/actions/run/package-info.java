/** The {@code command} action: an operator's own program run on each ban and unban, as an argument list. */
package dev.warden.actions.run;
