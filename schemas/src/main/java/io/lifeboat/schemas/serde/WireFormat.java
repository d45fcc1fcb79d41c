package io.lifeboat.schemas.serde;

import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;

/** Confluent wire format framing: {@code 0x00 | schema id (int32, big-endian) | Avro binary}. */
final class WireFormat {

    static final byte MAGIC = 0;
    static final int HEADER_LENGTH = 5;

    private WireFormat() {
    }

    static void writeHeader(ByteBuffer out, int schemaId) {
        out.put(MAGIC).putInt(schemaId);
    }

    /** Reads and checks the header, leaving {@code in} at the start of the Avro body; returns the schema id. */
    static int readHeader(String topic, ByteBuffer in) {
        if (in.remaining() < HEADER_LENGTH) {
            throw new SerializationException("record on topic '" + topic + "' is " + in.remaining()
                    + " bytes, shorter than the 5-byte Confluent wire-format header");
        }
        byte magic = in.get();
        if (magic != MAGIC) {
            throw new SerializationException("record on topic '" + topic + "' starts with byte " + magic
                    + ", not the Confluent wire-format magic byte 0");
        }
        return in.getInt();
    }
}
