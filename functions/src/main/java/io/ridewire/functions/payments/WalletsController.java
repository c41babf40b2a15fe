package io.ridewire.functions.payments;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.JsonMapper;
import io.micronaut.security.annotation.Secured;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.rules.SecurityRule;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.ridewire.model.billing.Money;
import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import io.ridewire.model.protocol.Fields;
import io.ridewire.functions.rest.RequestBodies;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.TopUp;
import io.ridewire.functions.rest.RestCaller;

import java.util.Optional;
import java.util.UUID;

/**
 * Wallets over REST: {@code POST /wallets/{user}/top-up} (admins: development seeding and support credits, once per
 * {@code Idempotency-Key}) and {@code GET /wallets/{user}} (the user themselves, or an admin; {@code platform} is the
 * platform's fee income, admins only).
 */
@Controller("/wallets")
public class WalletsController {
    private final Wallets wallets;
    private final PaymentSettings settings;
    private final JsonMapper json;

    public WalletsController(Wallets wallets, PaymentSettings settings, JsonMapper json) {
        this.wallets = wallets;
        this.settings = settings;
        this.json = json;
    }

    /** A wallet as the API shows it; {@code applied} only on top-ups (false: a repeated key, nothing credited). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WalletView(String userId, long balance, String currency, Boolean applied) {
    }

    @Post("/{user}/top-up")
    @Secured("admin")
    public HttpResponse<WalletView> topUp(@PathVariable String user, @Body @Nullable byte[] body,
                                          @Header("Idempotency-Key") Optional<String> idempotencyKey) {
        if (user.startsWith(Accounts.PLATFORM)) {
            throw InvalidMessage.forbidden("user", "the platform's wallets are credited by payments only");
        }
        long amount = TopUp.read(parse(body), settings.getMaxTopUp()).amount();
        String topUpId = idempotencyKey.filter(k -> !k.isBlank()).orElseGet(() -> UUID.randomUUID().toString());
        Wallets.TopUp done = wallets.topUp(user, amount, topUpId);
        if (!done.applied() && done.amount() != amount) {
            // a key reused for another amount would otherwise answer 200 as if this one had been credited
            throw new InvalidMessage("Idempotency-Key", ErrorCode.CONFLICT,
                    "idempotency key already used for a top-up of " + done.amount());
        }
        return HttpResponse.ok(new WalletView(user, done.balance(), Money.CURRENCY, done.applied()));
    }

    @Get("/{user}")
    @Secured(SecurityRule.IS_AUTHENTICATED)
    public WalletView get(Authentication authentication, @PathVariable String user) {
        Caller caller = RestCaller.of(authentication);
        boolean admin = caller.is(Role.ADMIN);
        if (Accounts.PLATFORM.equals(user)) {
            if (!admin) {
                throw InvalidMessage.forbidden("user", "admins only");
            }
            return new WalletView(user, wallets.platformBalance(), Money.CURRENCY, null);
        }
        if (!admin && !caller.userId().equals(user)) {
            throw InvalidMessage.forbidden("user", "not your wallet");
        }
        return new WalletView(user, wallets.balance(Accounts.user(user)), Money.CURRENCY, null);
    }

    private Fields parse(byte[] body) {
        return RequestBodies.fields(json, body);
    }
}
