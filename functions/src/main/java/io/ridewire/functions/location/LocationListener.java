package io.ridewire.functions.location;

/**
 * Follows location fixes as they arrive, after the fix is recorded. This is the seam for ride linkage: the rides
 * capability implements it to send {@code location.tracking} to the ride's other party; geofences implement it
 * too. It runs on the hot path, so an implementation reads and writes Redis only — never DynamoDB — and must not
 * throw (a failure is logged and the update still succeeds).
 */
public interface LocationListener {
    void onLocation(LocationFix fix);
}
