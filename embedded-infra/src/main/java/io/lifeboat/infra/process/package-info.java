/** Running external programs (PostgreSQL tools, a JVM child) with their output captured and errors that name them. */
package io.lifeboat.infra.process;
