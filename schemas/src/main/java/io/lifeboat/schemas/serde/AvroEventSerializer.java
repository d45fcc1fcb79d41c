package io.lifeboat.schemas.serde;

import io.lifeboat.schemas.registry.SchemaRegistryClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serializes generated Avro events in Confluent wire format, registering each record's schema under
 * {@code <topic>-value} on first use. Configure with {@code schema.registry.url}.
 */
public final class AvroEventSerializer implements Serializer<SpecificRecord> {

    private SchemaRegistryClient registry;

    public AvroEventSerializer() {
        TrustedEvents.install();
    }

    /** For code that builds producers by hand. */
    public AvroEventSerializer(SchemaRegistryClient registry) {
        this();
        this.registry = registry;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = SerdeConfig.client(configs);
        }
    }

    @Override
    public byte[] serialize(String topic, SpecificRecord record) {
        if (record == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("AvroEventSerializer used before configure(): no schema registry");
        }
        int id = registry.register(topic + "-value", record.getSchema());
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        ByteBuffer header = ByteBuffer.allocate(WireFormat.HEADER_LENGTH);
        WireFormat.writeHeader(header, id);
        out.write(header.array(), 0, WireFormat.HEADER_LENGTH);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + record.getSchema().getFullName()
                    + " for topic '" + topic + "': " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
