/**
 * Operator commands on the repository that no service runs by itself: creating the master keyset (once, before the
 * services first start) and rotating master keys across every location. Run as
 * {@code java -cp <classpath> io.lifeboat.format.admin.MasterKeysCli <command> ...}.
 */
package io.lifeboat.format.admin;
