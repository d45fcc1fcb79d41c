/**
 * Prometheus gauges (through Micrometer at {@code /actuator/prometheus}): backup age per data type, the achieved
 * RPO, the newest verification outcome per location, and storage use per location.
 */
package io.lifeboat.verify.metrics;
