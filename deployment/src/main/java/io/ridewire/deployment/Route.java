package io.ridewire.deployment;

/**
 * One route of the WebSocket API and the Lambda handler behind it.
 *
 * @param routeKey       {@code $connect}, {@code $disconnect}, {@code $default} or an event type
 * @param handlerClass   fully qualified class name of the handler (a {@code RequestHandler})
 * @param returnResponse whether the handler's response body is sent back to the caller (a two-way route)
 * @param needs          the tables, actions and pushes its code paths use: exactly what the stack grants it
 */
public record Route(String routeKey, String handlerClass, boolean returnResponse, Needs needs) {
    public static final String CONNECT = "$connect";
    public static final String DISCONNECT = "$disconnect";
    public static final String DEFAULT = "$default";

    public String functionName() {
        String simple = handlerClass.substring(handlerClass.lastIndexOf('.') + 1);
        return simple.endsWith("Handler") ? simple.substring(0, simple.length() - "Handler".length()) : simple;
    }
}
