/**
 * Stream filters applied while backup data flows to or from storage, in constant memory:
 * {@link io.lifeboat.format.stream.DigestingInputStream} counts and hashes what passes through;
 * {@link io.lifeboat.format.stream.EncodingInputStream} turns an output-side chain (compress, encrypt) into a stream a
 * storage driver can pull from, on one thread.
 */
package io.lifeboat.format.stream;
