/**
 * The embedded default: one command brings up a real Kafka broker, the schema registry, a throwaway PostgreSQL
 * cluster filled with sample SaaS data, filesystem storage for the three tiers, an on-call inbox standing in for
 * the webhook, and the four services; then it runs the demonstration cycle ({@code demo}) or keeps running.
 */
package io.lifeboat.runtime;
