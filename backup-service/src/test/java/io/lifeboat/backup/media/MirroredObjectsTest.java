package io.lifeboat.backup.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lifeboat.format.storage.ListedObject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which source objects are due: new keys and new versions of known keys, nothing else; state read from manifests. */
class MirroredObjectsTest {

    private final MirroredObjects mirrored = new MirroredObjects();

    @Test
    void newObjectsAreDueAndStoredOnesAreNot() {
        ListedObject a = new ListedObject("calls/a.ogg", 10, "\"etag-a\"");
        ListedObject b = new ListedObject("calls/b.ogg", 20, "\"etag-b\"");

        assertThat(mirrored.due(List.of(a, b))).containsExactly(a, b);

        mirrored.stored(a);

        assertThat(mirrored.due(List.of(a, b))).containsExactly(b);
    }

    @Test
    void anObjectWithAnotherSizeOrVersionIsDueAgain() {
        ListedObject a = new ListedObject("calls/a.ogg", 10, "\"etag-1\"");
        mirrored.stored(a);
        ListedObject sameSizeNewContent = new ListedObject("calls/a.ogg", 10, "\"etag-2\"");
        ListedObject longer = new ListedObject("calls/a.ogg", 11, "\"etag-1\"");

        assertThat(mirrored.due(List.of(a))).isEmpty();
        assertThat(mirrored.due(List.of(sameSizeNewContent))).containsExactly(sameSizeNewContent);
        assertThat(mirrored.due(List.of(longer))).containsExactly(longer);
    }

    @Test
    void stateIsReadBackFromManifestMetadataNewestLast() {
        ListedObject withBar = new ListedObject("calls/odd|name.ogg", 5, "v2");
        Map<String, String> older = new LinkedHashMap<>();
        older.put("format", "media-files");
        older.put("file.0", "calls/odd|name.ogg|5|v1");
        older.put("refused.0", "calls/secret.ogg|3|v1");
        Map<String, String> newer = Map.of("file.0", MirroredObjects.identity(withBar));

        mirrored.recall(older);
        mirrored.recall(newer);

        assertThat(mirrored.size()).isEqualTo(1);
        assertThat(mirrored.due(List.of(withBar))).isEmpty();
        assertThat(mirrored.due(List.of(new ListedObject("calls/secret.ogg", 3, "v1")))).hasSize(1);
    }

    @Test
    void identityKeepsKeysThatContainTheSeparator() {
        assertThat(MirroredObjects.identity(new ListedObject("a|b", 7, "\"e\""))).isEqualTo("a|b|7|\"e\"");
        assertThat(MirroredObjects.keyOf("a|b|7|\"e\"")).isEqualTo("a|b");
        assertThat(MirroredObjects.keyOf("k|0|")).isEqualTo("k");
        assertThatThrownBy(() -> MirroredObjects.keyOf("no-separators"))
                .hasMessage("not a media identity: 'no-separators'");
    }
}
