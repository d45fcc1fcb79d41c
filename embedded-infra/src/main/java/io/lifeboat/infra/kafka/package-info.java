/**
 * A real Kafka broker as a child process in KRaft combined mode (broker and controller in one), formatted and
 * started from the Kafka jars already on the classpath. Every replication factor is 1: it is one machine.
 */
package io.lifeboat.infra.kafka;
