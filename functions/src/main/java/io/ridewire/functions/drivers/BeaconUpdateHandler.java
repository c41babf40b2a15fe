package io.ridewire.functions.drivers;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.drivers.BeaconStatus;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.inbound.BeaconUpdate;
import jakarta.inject.Inject;

import java.util.Set;

/**
 * {@code beacon.update} → {@code beacon.status}: a driver joins or leaves the pool of available drivers; an active
 * passenger also receives {@code beacon.nearby_drivers}, right after the status.
 */
public class BeaconUpdateHandler extends RouteHandler {
    @Inject
    Beacons beacons;
    @Inject
    DriverSettings settings;

    public BeaconUpdateHandler() {
    }

    public BeaconUpdateHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only drivers and passengers send beacons"));
        BeaconUpdate update = BeaconUpdate.read(message.fields(), party, Set.copyOf(settings.getVehicleTypes()));
        if (party == Party.DRIVER) {
            BeaconUpdate.Profile p = update.profile();
            return Reply.of(EventType.BEACON_STATUS, beacons.driver(message.caller(), message.connectionId(),
                    update.active(), update.point(), new DriverProfile(p.vehicleType(), p.licensePlate(), p.name(),
                            p.phone(), p.rating()), message.trace()));
        }
        BeaconStatus status = beacons.passenger(message.caller(), update.active(), update.point());
        return update.active()
                ? Reply.of(EventType.BEACON_STATUS, status)
                        .and(EventType.BEACON_NEARBY_DRIVERS, beacons.nearby(message.caller().userId(), update.point()))
                : Reply.of(EventType.BEACON_STATUS, status);
    }
}
