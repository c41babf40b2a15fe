package io.ridewire.functions.drivers;

import io.ridewire.model.drivers.BeaconStatus;

import io.micronaut.context.ApplicationContext;
import io.ridewire.functions.gateway.Inbound;
import io.ridewire.functions.gateway.Reply;
import io.ridewire.functions.gateway.RouteHandler;
import io.ridewire.model.geo.GeoPoint;
import io.ridewire.functions.location.Coordinates;
import io.ridewire.model.matching.Party;
import io.ridewire.model.protocol.ErrorCode;
import io.ridewire.model.protocol.EventType;
import io.ridewire.model.protocol.Fields;
import io.ridewire.model.protocol.InvalidMessage;
import io.ridewire.model.protocol.ServerMessage;
import io.ridewire.functions.push.Audience;
import io.ridewire.functions.push.Push;

import java.util.Optional;
import java.util.Set;

/**
 * {@code beacon.update} → {@code beacon.status}: a driver joins or leaves the pool of available drivers; an active
 * passenger also receives {@code beacon.nearby_drivers}, right after the status.
 */
public class BeaconUpdateHandler extends RouteHandler {
    private static final Set<String> USER_TYPES = Set.of("driver", "passenger");

    private final Beacons beacons;
    private final DriverSettings settings;
    private final Push push;

    public BeaconUpdateHandler() {
        this.beacons = applicationContext.getBean(Beacons.class);
        this.settings = applicationContext.getBean(DriverSettings.class);
        this.push = applicationContext.getBean(Push.class);
    }

    public BeaconUpdateHandler(ApplicationContext context) {
        super(context);
        this.beacons = context.getBean(Beacons.class);
        this.settings = context.getBean(DriverSettings.class);
        this.push = context.getBean(Push.class);
    }

    @Override
    protected Reply handle(Inbound message) {
        Party party = Party.of(message.caller().role())
                .orElseThrow(() -> InvalidMessage.forbidden("type", "only drivers and passengers send beacons"));
        Fields payload = message.fields();
        boolean active = payload.bool("is_active");
        String userType = payload.oneOf("user_type", USER_TYPES);
        if (!userType.equals(party.userType())) {
            throw InvalidMessage.forbidden("user_type", "you are connected as a " + party.userType());
        }
        Optional<Fields> locationFields = active ? Optional.of(payload.object("location")) : payload.optionalObject("location");
        GeoPoint point = locationFields.map(location -> {
            GeoPoint p = Coordinates.point(location);
            location.optionalNumberIn("accuracy", 0, Double.MAX_VALUE, ErrorCode.OUT_OF_RANGE);
            return p;
        }).orElse(null);
        if (party == Party.DRIVER) {
            DriverProfile profile = profile(payload, active);
            return Reply.of(EventType.BEACON_STATUS, beacons.driver(message.caller(), message.connectionId(), active,
                    point, profile, message.trace()));
        }
        BeaconStatus status = beacons.passenger(message.caller(), active, point);
        if (!active) {
            return Reply.of(EventType.BEACON_STATUS, status);
        }
        // the status first, then the drivers around: both pushed, the status echoing the message id
        push.deliver(Audience.connection(message.connectionId()), ServerMessage.of(EventType.BEACON_STATUS,
                message.envelope().id() != null ? message.envelope().id() : java.util.UUID.randomUUID().toString(), status));
        push.deliver(Audience.connection(message.connectionId()), Push.event(EventType.BEACON_NEARBY_DRIVERS,
                beacons.nearby(message.caller().userId(), point)));
        return Reply.none();
    }

    private DriverProfile profile(Fields payload, boolean active) {
        Optional<Fields> vehicle = active ? Optional.of(payload.object("vehicle_info")) : payload.optionalObject("vehicle_info");
        String type = vehicle.map(v -> v.oneOf("type", Set.copyOf(settings.getVehicleTypes()))).orElse(null);
        String plate = vehicle.flatMap(v -> v.optionalString("license_plate")).orElse(null);
        if (plate != null && plate.length() > 16) {
            throw new InvalidMessage("vehicle_info.license_plate", ErrorCode.INVALID_VALUE,
                    "vehicle_info.license_plate must be at most 16 characters");
        }
        Optional<Fields> driver = payload.optionalObject("driver_info");
        String name = driver.flatMap(d -> d.optionalString("name")).orElse(null);
        String phone = driver.flatMap(d -> d.optionalString("phone")).orElse(null);
        Double rating = driver.flatMap(d -> d.optionalNumberIn("rating", 0, 5, ErrorCode.OUT_OF_RANGE)).orElse(null);
        return new DriverProfile(type, plate, name, phone, rating);
    }
}
