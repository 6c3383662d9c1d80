/** A test kit for filter authors: run a filter over a log, check an annotated sample log. */
package dev.warden.core.testkit;
