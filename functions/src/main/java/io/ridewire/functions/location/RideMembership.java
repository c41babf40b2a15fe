package io.ridewire.functions.location;

/** Who may name a ride in a {@code location.update}: the seam the rides capability fills, from Redis only. */
public interface RideMembership {

    /** False only when the ride is known and the user is neither its driver nor its passenger. */
    boolean mayName(String userId, String rideId);
}
