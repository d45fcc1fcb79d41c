package io.lifeboat.schemas.serde;

import io.lifeboat.schemas.registry.SchemaRegistryClient;
import io.lifeboat.schemas.registry.SchemaRegistryException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire-format records into the generated event classes. The writer's schema comes from the
 * registry by id; the reader's schema is the generated class's own, so older and newer writers resolve by Avro's
 * schema-resolution rules. Anything malformed is a {@link SerializationException} naming the topic and the fault.
 */
public final class AvroEventDeserializer implements Deserializer<SpecificRecord> {

    private SchemaRegistryClient registry;
    private final Map<Integer, SpecificDatumReader<SpecificRecord>> readers = new ConcurrentHashMap<>();

    public AvroEventDeserializer() {
        TrustedEvents.install();
    }

    /** For code that builds consumers by hand. */
    public AvroEventDeserializer(SchemaRegistryClient registry) {
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
    public SpecificRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new SerializationException("AvroEventDeserializer used before configure(): no schema registry");
        }
        ByteBuffer in = ByteBuffer.wrap(data);
        int id = WireFormat.readHeader(topic, in);
        SpecificDatumReader<SpecificRecord> reader;
        try {
            reader = readers.computeIfAbsent(id, this::readerFor);
        } catch (SchemaRegistryException e) {
            throw new SerializationException("record on topic '" + topic + "' has schema id " + id
                    + " that cannot be resolved: " + e.getMessage(), e);
        }
        try {
            return reader.read(null, DecoderFactory.get()
                    .binaryDecoder(data, in.position(), in.remaining(), null));
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("record on topic '" + topic + "' with schema id " + id
                    + " is not valid Avro for that schema: " + e.getMessage(), e);
        }
    }

    private SpecificDatumReader<SpecificRecord> readerFor(int id) {
        Schema writer = registry.schemaById(id);
        Class<?> type = writer.getType() == Schema.Type.RECORD ? SpecificData.get().getClass(writer) : null;
        if (type == null || !SpecificRecord.class.isAssignableFrom(type)) {
            throw new SerializationException("schema id " + id + " (" + writer.getFullName()
                    + ") has no generated event class on this classpath");
        }
        return new SpecificDatumReader<>(writer, SpecificData.get().getSchema(type));
    }
}
