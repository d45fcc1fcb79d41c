/**
 * PostgreSQL WAL segment names and ranges. A segment file is named {@code TTTTTTTTXXXXXXXXYYYYYYYY}: timeline,
 * then the segment number split into a "log" (high 32 bits of the LSN) and the segment within it. With the default
 * 16 MiB segments a log holds 256 segments (YYYYYYYY runs 00000000..000000FF). Each segment is stored as a backup of
 * data type WAL whose backup id is {@link WalSegmentName#backupId(String) the segment name and the cluster's system
 * identifier}, so readers fetch exactly the segments they need with the ordinary manifest contract.
 */
package io.lifeboat.format.wal;
