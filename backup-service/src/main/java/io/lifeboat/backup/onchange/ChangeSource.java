package io.lifeboat.backup.onchange;

import java.io.IOException;
import java.io.InputStream;

/** Something backed up when it changes. */
interface ChangeSource {

    String dataType();

    /** What is backed up, for events (a path; never content). */
    String source();

    /** Name of the stored object. */
    String objectName();

    /** A value that changes when the content changes. */
    String fingerprint() throws IOException;

    /** The content as one stream; the caller reads it to its end and closes it. */
    InputStream open() throws IOException;
}
