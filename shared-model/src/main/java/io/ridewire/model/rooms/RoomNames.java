package io.ridewire.model.rooms;

import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;

import java.util.ArrayList;
import java.util.List;

/** Room names of ARCHITECTURE.md: {@code {role}_{id}}, {@code merchant_{store_id}}, {@code admin_updates}, {@code order_{id}}. */
public final class RoomNames {
    public static final String ADMIN_UPDATES = "admin_updates";

    private RoomNames() {
    }

    /** The rooms a caller joins on connect. */
    public static List<String> roleRooms(Caller caller) {
        List<String> rooms = new ArrayList<>(2);
        switch (caller.role()) {
            case MERCHANT -> rooms.add(merchant(caller.storeId()));
            case ADMIN -> {
                rooms.add(personal(caller));
                rooms.add(ADMIN_UPDATES);
            }
            case DRIVER, PASSENGER, CUSTOMER, SUPPORT -> rooms.add(personal(caller));
        }
        return rooms;
    }

    public static String personal(Caller caller) {
        return caller.role().claim() + "_" + caller.userId();
    }

    public static String of(Role role, String id) {
        return role.claim() + "_" + id;
    }

    public static String merchant(String storeId) {
        return "merchant_" + storeId;
    }

    public static String order(String orderId) {
        return "order_" + orderId;
    }
}
