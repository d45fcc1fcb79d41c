/**
 * The storage locations this service verifies, opened once from configuration: the filesystem driver for
 * {@code file:} URLs and the S3 API driver for {@code s3://bucket/prefix} URLs, and how full each one is.
 */
package io.lifeboat.verify.location;
