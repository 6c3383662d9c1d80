/** The service provider interface: what a filter or action plugin implements and sees. */
package dev.warden.core.spi;
