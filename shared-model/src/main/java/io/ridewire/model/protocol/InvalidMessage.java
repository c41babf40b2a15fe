package io.ridewire.model.protocol;

/**
 * A client message that cannot be processed: answered with {@code error.validation} naming the field and a
 * code from {@link ErrorCode}. The connection stays open.
 */
public final class InvalidMessage extends RuntimeException {
    private final String field;
    private final String code;

    public InvalidMessage(String field, String code, String message) {
        super(message, null, false, false);
        this.field = field;
        this.code = code;
    }

    /** Dotted path of the offending field inside {@code payload} (or {@code type}, {@code body}). */
    public String field() {
        return field;
    }

    public String code() {
        return code;
    }

    public static InvalidMessage forbidden(String field, String message) {
        return new InvalidMessage(field, ErrorCode.FORBIDDEN, message);
    }
}
