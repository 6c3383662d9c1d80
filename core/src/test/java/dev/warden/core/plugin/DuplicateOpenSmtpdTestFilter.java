package dev.warden.core.plugin;

/** A second provider claiming the id "opensmtpd"; the first one found must win. */
public class DuplicateOpenSmtpdTestFilter extends OpenSmtpdTestFilter {
}
