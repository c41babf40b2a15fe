package io.ridewire.local.gateway;

import com.amazonaws.services.lambda.runtime.events.APIGatewayProxyResponseEvent;
import io.netty.handler.codec.http.HttpHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A REST response's headers reach the client as API Gateway merges headers and multiValueHeaders. */
class RestProxyHeadersTest {

    @Test
    void everyValueOfAMultiValueHeaderIsKept_andASingleValueHeaderAddsOnlyWhatIsNew() {
        APIGatewayProxyResponseEvent response = new APIGatewayProxyResponseEvent()
                .withMultiValueHeaders(Map.of("Access-Control-Allow-Headers",
                        List.of("authorization", "content-type", "idempotency-key"),
                        "Vary", List.of("Origin")))
                .withHeaders(Map.of("Access-Control-Allow-Headers", "authorization", "Content-Type", "application/json",
                        "Vary", "Accept"));

        HttpHeaders headers = RestProxy.headersOf(response);

        assertThat(headers.getAll("Access-Control-Allow-Headers"))
                .containsExactly("authorization", "content-type", "idempotency-key");
        assertThat(headers.getAll("Vary")).containsExactlyInAnyOrder("Origin", "Accept");
        assertThat(headers.getAll("Content-Type")).containsExactly("application/json");
    }
}
