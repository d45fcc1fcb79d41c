/**
 * Throwaway PostgreSQL clusters made with {@code initdb} on free loopback ports, started with {@code pg_ctl} and
 * removed afterwards.
 */
package io.lifeboat.infra.postgres;
