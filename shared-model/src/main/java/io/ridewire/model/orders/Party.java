package io.ridewire.model.orders;

/** How a caller relates to an order; decides which transitions it may make. */
public enum Party {
    /** The customer who placed it. */
    CUSTOMER,
    /** A merchant of the order's store. */
    MERCHANT,
    /** The driver assigned to it. */
    DRIVER,
    /** Admin or support staff. */
    STAFF,
    /** Anyone else. */
    OUTSIDER
}
