/**
 * A schema registry speaking the Confluent Schema Registry REST API for Avro schemas, so the project's Confluent
 * wire-format serde and registry client have a real server to talk to without Confluent's jars (which are not on
 * Maven Central). The only public type is {@link io.lifeboat.infra.registry.SchemaRegistryServer}.
 *
 * <h2>Layers</h2>
 * <ul>
 *   <li>HTTP: {@code HttpApi} (decoding, content types, errors), {@code Router}, and one endpoint class per resource
 *       ({@code SubjectEndpoints}, {@code SchemaEndpoints}, {@code CompatibilityEndpoints}, {@code ConfigEndpoints}).
 *       Errors are the closed set {@code RegistryError}: Confluent's error codes with their HTTP status.</li>
 *   <li>Operations: {@code SchemaRegistry} (register, look up, compatibility tests, config, delete).</li>
 *   <li>Rules: {@code CompatibilityChecker} on Avro's {@code SchemaCompatibility}; {@code RegistryState}, the state
 *       machine that applies log records.</li>
 *   <li>Storage: {@code KafkaRegistryLog} (proposals), {@code LogFollower} (applies the topic), {@code SchemasTopic},
 *       {@code LogRecordCodec} (keys and values).</li>
 * </ul>
 *
 * <h2>The log is the single source of truth</h2>
 * All state lives in the topic {@code _schemas}: one partition, so one total order; compacted; created by the first
 * instance that finds it missing. Every instance follows the topic from offset 0 on one thread and applies each
 * record to its {@code RegistryState}; the state is a deterministic function of the records in log order, so all
 * instances, and an instance restarted later, hold the same state. An instance serves nothing before it has applied
 * the whole topic, and before every request it catches up to the end offset the broker reports at that moment, so it
 * answers with everything any instance had written by then.
 *
 * <p>A change is never applied directly. The instance produces a record (a proposal), waits until its own follower
 * has applied that record, and answers with what the state machine made of it. For a registration the record is a
 * claim "schema S under subject X as version V", where V is the next version in the proposer's view, on which it
 * checked compatibility. The state machine accepts a claim only if V is still the next version at that point of the
 * log, and then gives the schema its existing global id (same canonical text under any subject: same id) or one past
 * the highest id in the log. A claim overtaken by another registration is refused and changes nothing; its proposer,
 * now caught up to the winner, returns the winner's id if it was the same schema, or checks compatibility against the
 * new latest version and claims again. Two instances therefore never give one id to two schemas nor two ids to one
 * schema: the log order decides, identically everywhere.
 *
 * <h2>Keys and compaction</h2>
 * Compaction keeps only the last record per key, so keys are chosen for it: a registration claim is keyed by its
 * unique proposal id and is never compacted away (whether a claim wins depends on every earlier claim, and a losing
 * claim must not be able to replace a winning one under a shared key); a subject deletion is keyed by subject (the
 * last one soft-deletes everything registered before it, which covers every earlier one); a compatibility level is
 * keyed by its scope (the last one wins). Claim acceptance never depends on deletion or configuration records, so
 * replaying a compacted topic gives the same state as replaying the full one. Records this registry does not
 * recognise are skipped by every instance alike.
 *
 * <h2>Not supported</h2>
 * Schema types other than AVRO, schema references, permanent deletes, deleting single versions, modes, contexts.
 */
package io.lifeboat.infra.registry;
