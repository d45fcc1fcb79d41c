package io.lifeboat.format.storage;

/** The tiers of policy 4.3: primary (immediate recovery), secondary region (disaster recovery), cold (long-term). */
public enum StorageTier {
    PRIMARY, SECONDARY, COLD
}
