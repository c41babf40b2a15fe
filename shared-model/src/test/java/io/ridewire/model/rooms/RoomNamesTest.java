package io.ridewire.model.rooms;

import io.ridewire.model.identity.Caller;
import io.ridewire.model.identity.Role;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RoomNamesTest {

    @Test
    void eachRoleJoinsTheRoomsOfTheArchitecture() {
        assertThat(RoomNames.roleRooms(new Caller("7", Role.DRIVER, null))).containsExactly("driver_7");
        assertThat(RoomNames.roleRooms(new Caller("7", Role.CUSTOMER, null))).containsExactly("customer_7");
        assertThat(RoomNames.roleRooms(new Caller("7", Role.PASSENGER, null))).containsExactly("passenger_7");
        assertThat(RoomNames.roleRooms(new Caller("7", Role.MERCHANT, "s1"))).containsExactly("merchant_s1");
        assertThat(RoomNames.roleRooms(new Caller("7", Role.ADMIN, null))).containsExactly("admin_7", "admin_updates");
        assertThat(RoomNames.roleRooms(new Caller("7", Role.SUPPORT, null))).containsExactly("support_7");
        assertThat(RoomNames.order("42")).isEqualTo("order_42");
    }
}
