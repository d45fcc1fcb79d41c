#!/bin/sh
# Lets backup-service's pg_basebackup and pg_receivewal connect for replication from the compose network.
set -e
echo "host replication all all scram-sha-256" >> "$PGDATA/pg_hba.conf"
