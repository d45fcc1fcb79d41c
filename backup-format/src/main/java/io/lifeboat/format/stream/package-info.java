/** Stream filters applied while backup data flows to or from storage, in constant memory. */
package io.lifeboat.format.stream;
