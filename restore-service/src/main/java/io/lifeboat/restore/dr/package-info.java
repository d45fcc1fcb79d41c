/** Disaster declaration (policy 6.2 triggers, 6.3 phase 1): who declared, why, and when. */
package io.lifeboat.restore.dr;
