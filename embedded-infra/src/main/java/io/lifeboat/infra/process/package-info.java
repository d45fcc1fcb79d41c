/**
 * Running external programs (PostgreSQL tools, a JVM child) with their output captured and errors that name them, and
 * removing or closing what was started.
 */
package io.lifeboat.infra.process;
