/**
 * Throwaway PostgreSQL clusters made with {@code initdb} on free loopback ports, started with {@code pg_ctl} and
 * removed afterwards; and the lookup of the PostgreSQL server binaries ({@code pg_config --bindir}, then
 * {@code /usr/lib/postgresql/<newest>/bin}, then PATH).
 */
package io.lifeboat.infra.postgres;
