/** Typed, validated configuration of restore-service; a wrong value stops start-up with a message naming the key. */
package io.lifeboat.restore.config;
