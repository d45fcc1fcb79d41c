/** Where each part of a backup lives on storage: the one place that turns ids into storage keys. */
package io.lifeboat.format.layout;
