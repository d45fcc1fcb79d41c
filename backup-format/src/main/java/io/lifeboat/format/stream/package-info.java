/**
 * Stream filters applied while backup data flows to or from storage, in constant memory:
 * {@link io.lifeboat.format.stream.DigestingInputStream} counts and hashes what passes through;
 * {@link io.lifeboat.format.stream.EncodingInputStream} turns an output-side chain (compress, encrypt) into a stream a
 * storage driver can pull from, on one thread; {@link io.lifeboat.format.stream.ReadAheadInputStream} runs a stage of
 * a chain on a thread of its own; {@link io.lifeboat.format.stream.ArrayReadInputStream} is the base of the streams
 * that work on arrays only.
 */
package io.lifeboat.format.stream;
