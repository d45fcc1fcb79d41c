/** Typed, validated configuration of verify-service; a wrong value stops start-up with a message naming the key. */
package io.lifeboat.verify.config;
