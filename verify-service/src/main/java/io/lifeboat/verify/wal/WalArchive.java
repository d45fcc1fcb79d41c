package io.lifeboat.verify.wal;

import java.util.List;
import java.util.Set;

/** What the WAL chain check needs to know about one cluster's WAL archive at one location. */
public interface WalArchive {

    /** Names of the stored segments (24 hex digits each), any order. */
    List<String> segmentNames();

    /** Timelines that have a stored history file. */
    Set<Long> timelinesWithHistory();
}
