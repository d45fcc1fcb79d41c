/**
 * Starting and stopping the whole system on one machine: infrastructure first (broker, registry, PostgreSQL,
 * storage, inbox), then the four services, each in its own Spring context configured against it.
 */
package io.lifeboat.runtime.system;
