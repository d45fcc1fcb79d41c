/** REST for operators and pipelines: re-verify a backup's copies now; the results follow as IntegrityChecked. */
package io.lifeboat.verify.api;
