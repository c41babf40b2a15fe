package io.ridewire.functions.payments;

import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** The configured {@link PaymentProvider} beans, by method. */
@Singleton
public class PaymentProviders {
    private final List<PaymentProvider> providers;

    public PaymentProviders(List<PaymentProvider> providers) {
        this.providers = List.copyOf(providers);
    }

    public Optional<PaymentProvider> forMethod(String method) {
        return providers.stream().filter(p -> p.method().equals(method)).findFirst();
    }
}
