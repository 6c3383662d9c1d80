package dev.warden.core.fleet;

/**
 * One line for the operator about a Redis failure: the messages of the exception and its causes (each once), no
 * stack.
 */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null && sb.length() < 300; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (sb.indexOf(message) >= 0) {
                continue; // a cause's message repeated in its wrapper's: once is enough
            }
            if (!sb.isEmpty()) {
                sb.append(": ");
            }
            sb.append(message);
        }
        return sb.toString();
    }
}
