/**
 * The demonstration cycle of the embedded default: a backup, its verification at every tier, a deliberately
 * corrupted copy that is detected, alerted and paged once, and a restore whose row counts are compared with the
 * source. Each step prints what it saw and passes or fails on its own.
 */
package io.lifeboat.runtime.demo;
