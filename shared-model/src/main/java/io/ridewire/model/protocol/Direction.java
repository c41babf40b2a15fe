package io.ridewire.model.protocol;

/** Which way an event travels over the WebSocket. */
public enum Direction {
    /** Sent by an app, handled by a route. */
    CLIENT_TO_SERVER,
    /** Pushed or replied by Ridewire. */
    SERVER_TO_CLIENT
}
