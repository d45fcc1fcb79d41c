/** A local HTTP endpoint that receives the notifier's webhook calls, so the demonstration can show what was paged. */
package io.lifeboat.runtime.inbox;
