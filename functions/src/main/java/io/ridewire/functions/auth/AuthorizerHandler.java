package io.ridewire.functions.auth;

import io.ridewire.functions.jvm.LambdaContexts;
import io.ridewire.functions.jvm.StartupDefaults;
import com.amazonaws.services.lambda.runtime.events.APIGatewayCustomAuthorizerEvent;
import com.amazonaws.services.lambda.runtime.events.IamPolicyResponseV1;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.function.aws.MicronautRequestHandler;
import io.ridewire.model.identity.Caller;
import jakarta.inject.Inject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code $connect} REQUEST authorizer. A valid token yields an Allow policy whose context (user id, role,
 * store id, the token's {@code exp}) API Gateway hands to every later route in {@code requestContext.authorizer};
 * anything else fails with {@code Unauthorized}, which API Gateway turns into 401 at the handshake.
 */
public class AuthorizerHandler extends MicronautRequestHandler<APIGatewayCustomAuthorizerEvent, IamPolicyResponseV1> {
    static {
        StartupDefaults.apply(); // before the context starts Netty and Lettuce
    }

    /** The error message API Gateway maps to 401. */
    public static final String UNAUTHORIZED = "Unauthorized";

    @Inject
    TokenVerifier verifier;

    public AuthorizerHandler() {
    }

    public AuthorizerHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected ApplicationContextBuilder newApplicationContextBuilder() {
        return LambdaContexts.builder();
    }

    @Override
    public IamPolicyResponseV1 execute(APIGatewayCustomAuthorizerEvent event) {
        String bearer = BearerToken.of(event.getHeaders(), event.getQueryStringParameters());
        TokenRules.Accepted token = verifier.verify(bearer)
                .orElseThrow(() -> new UnauthorizedException(UNAUTHORIZED));
        Caller caller = token.caller();
        Map<String, Object> context = new HashMap<>(caller.toAuthorizerContext());
        context.put(SessionLifetime.CONTEXT_KEY, token.expiresAt().getEpochSecond());
        return IamPolicyResponseV1.builder()
                .withPrincipalId(caller.userId())
                .withPolicyDocument(IamPolicyResponseV1.PolicyDocument.builder()
                        .withVersion(IamPolicyResponseV1.VERSION_2012_10_17)
                        .withStatement(List.of(IamPolicyResponseV1.allowStatement(event.getMethodArn())))
                        .build())
                .withContext(Map.copyOf(context))
                .build();
    }

    /** Thrown for a missing or invalid token; its message is exactly {@value #UNAUTHORIZED}. */
    public static final class UnauthorizedException extends RuntimeException {
        public UnauthorizedException(String message) {
            super(message, null, false, false);
        }
    }
}
