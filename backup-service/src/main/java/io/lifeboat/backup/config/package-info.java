/** Typed, validated configuration of backup-service; a wrong value stops start-up with a message naming the key. */
package io.lifeboat.backup.config;
