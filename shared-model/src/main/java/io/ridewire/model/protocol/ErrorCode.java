package io.ridewire.model.protocol;

/** Codes carried by {@code error.validation} in its {@code code} field. */
public final class ErrorCode {
    /** The frame is not JSON, or not a JSON object. */
    public static final String INVALID_JSON = "INVALID_JSON";
    /** {@code type} names no route. */
    public static final String UNKNOWN_EVENT = "UNKNOWN_EVENT";
    /** A required field is absent or null. */
    public static final String REQUIRED = "REQUIRED";
    /** A field has the wrong JSON type. */
    public static final String INVALID_TYPE = "INVALID_TYPE";
    /** A number lies outside its allowed range. */
    public static final String OUT_OF_RANGE = "OUT_OF_RANGE";
    /** A value is not one of the allowed values, or badly formed. */
    public static final String INVALID_VALUE = "INVALID_VALUE";
    /** Coordinates outside latitude −90..90 or longitude −180..180 (the spec's own code). */
    public static final String INVALID_COORDINATES = "INVALID_COORDINATES";
    /** The caller's role or identity may not send this event or act on this resource. */
    public static final String FORBIDDEN = "FORBIDDEN";
    /** The message names a resource that does not exist. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The resource is not in a state that allows the request. */
    public static final String CONFLICT = "CONFLICT";
    /** A timestamp older than the sender's previous one (a location fix overtaken, or a device clock set back). */
    public static final String OUT_OF_ORDER = "OUT_OF_ORDER";
    /** A string is longer than its documented maximum ({@link Fields#MAX_TEXT_LENGTH}, {@link Ids#MAX_LENGTH}). */
    public static final String TOO_LONG = "TOO_LONG";
    /** A string holds characters its field does not allow (control characters; outside {@link Ids}' set for ids). */
    public static final String INVALID_CHARACTERS = "INVALID_CHARACTERS";

    private ErrorCode() {
    }
}
