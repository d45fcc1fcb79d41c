package io.lifeboat.backup.copy;

import io.lifeboat.backup.config.BackupProperties;
import io.lifeboat.format.storage.Storage;
import io.lifeboat.format.storage.StorageLocation;
import java.util.List;
import org.springframework.stereotype.Component;

/** The configured locations, each opened once; the first is the primary, where a backup is committed first. */
@Component
public class Locations implements AutoCloseable {

    /** A location and its opened driver. */
    public record Opened(StorageLocation location, Storage storage) {
        public String name() {
            return location.name();
        }
    }

    private final List<Opened> all;

    public Locations(BackupProperties properties) {
        this.all = properties.locations().stream().map(l -> new Opened(l, l.open())).toList();
    }

    public Opened primary() {
        return all.get(0);
    }

    /** Every location but the primary, in configured order. */
    public List<Opened> others() {
        return all.subList(1, all.size());
    }

    public List<Opened> all() {
        return all;
    }

    @Override
    public void close() throws Exception {
        for (Opened o : all) {
            if (o.storage() instanceof AutoCloseable c) {
                c.close();
            }
        }
    }
}
