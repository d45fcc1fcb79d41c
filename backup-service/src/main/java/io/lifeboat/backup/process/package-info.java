/** Running PostgreSQL's client programs (pg_dump, pg_basebackup, pg_receivewal) as child processes. */
package io.lifeboat.backup.process;
