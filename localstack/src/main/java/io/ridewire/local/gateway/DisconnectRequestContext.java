package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2WebSocketEvent;

/**
 * The {@code $disconnect} request context. API Gateway adds {@code disconnectStatusCode} and
 * {@code disconnectReason}; the aws-lambda-java-events class has no fields for them, so the emulator hands the
 * handler this subclass, which carries them as the JSON event does.
 */
public class DisconnectRequestContext extends APIGatewayV2WebSocketEvent.RequestContext {
    private int disconnectStatusCode;
    private String disconnectReason;

    public int getDisconnectStatusCode() {
        return disconnectStatusCode;
    }

    public void setDisconnectStatusCode(int disconnectStatusCode) {
        this.disconnectStatusCode = disconnectStatusCode;
    }

    public String getDisconnectReason() {
        return disconnectReason;
    }

    public void setDisconnectReason(String disconnectReason) {
        this.disconnectReason = disconnectReason;
    }
}
