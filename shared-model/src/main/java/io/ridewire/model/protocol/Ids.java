package io.ridewire.model.protocol;

import java.util.regex.Pattern;

/**
 * What an identifier may look like anywhere it enters Ridewire (message fields, the envelope {@code id}, a token's
 * subject and store): 1 to {@value #MAX_LENGTH} characters of {@code A-Z a-z 0-9 . _ : @ | + = -}. Ids become
 * DynamoDB keys, Redis keys and room names, so they are bounded and free of spaces and control characters.
 */
public final class Ids {
    public static final int MAX_LENGTH = 128;
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9._:@|+=\\-]+");

    private Ids() {
    }

    /** Whether {@code value} is a well-formed id. */
    public static boolean isValid(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_LENGTH && ALLOWED.matcher(value).matches();
    }

    /** The id, or {@link InvalidMessage} naming {@code field} with TOO_LONG or INVALID_CHARACTERS. */
    public static String check(String field, String value) {
        if (value.length() > MAX_LENGTH) {
            throw new InvalidMessage(field, ErrorCode.TOO_LONG, field + " must be at most " + MAX_LENGTH + " characters");
        }
        if (!ALLOWED.matcher(value).matches()) {
            throw new InvalidMessage(field, ErrorCode.INVALID_CHARACTERS,
                    field + " may only contain letters, digits and . _ : @ | + = -");
        }
        return value;
    }
}
