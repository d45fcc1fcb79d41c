package io.lifeboat.verify.location;

/** How full a location is: {@code usedBytes} of {@code capacityBytes}. */
public record StorageUse(String location, long usedBytes, long capacityBytes) {

    public double percent() {
        return capacityBytes <= 0 ? 0 : 100.0 * usedBytes / capacityBytes;
    }
}
