/**
 * Every message a client sends, as a record read from {@link io.ridewire.model.protocol.Fields}: {@code read}
 * validates the payload field by field and throws {@link io.ridewire.model.protocol.InvalidMessage} naming the field
 * and code of the first bad value, which the gateway answers with {@code error.validation} (REST with 400). Handlers
 * decode with one {@code read}, then check the caller and call one service. No I/O here.
 */
package io.ridewire.model.inbound;
