package io.lifeboat.infra.postgres;

/**
 * A small model of the SaaS the policy protects (voice and WhatsApp agents): tenants, their agents, calls and
 * transcripts, filled with generated rows. {@code scale} 1 gives 20 tenants, 200 agents, 5,000 calls and 5,000
 * transcripts.
 */
public final class SampleSaasData {

    public static final String[] TABLES = {"public.tenants", "public.agents", "public.calls", "public.transcripts"};

    private SampleSaasData() {
    }

    public static void load(PostgresCluster cluster, String database, int scale) {
        int tenants = 20 * scale;
        int agents = 200 * scale;
        int calls = 5000 * scale;
        cluster.execute(database,
                """
                CREATE TABLE tenants (
                    id bigint PRIMARY KEY,
                    name text NOT NULL,
                    plan text NOT NULL,
                    created_at timestamptz NOT NULL)""",
                """
                CREATE TABLE agents (
                    id bigint PRIMARY KEY,
                    tenant_id bigint NOT NULL REFERENCES tenants(id),
                    channel text NOT NULL CHECK (channel IN ('voice', 'whatsapp')),
                    display_name text NOT NULL)""",
                """
                CREATE TABLE calls (
                    id bigserial PRIMARY KEY,
                    agent_id bigint NOT NULL REFERENCES agents(id),
                    caller text NOT NULL,
                    started_at timestamptz NOT NULL,
                    duration_seconds int NOT NULL,
                    recording_url text)""",
                """
                CREATE TABLE transcripts (
                    call_id bigint PRIMARY KEY REFERENCES calls(id),
                    language text NOT NULL,
                    body text NOT NULL)""",
                "INSERT INTO tenants SELECT g, 'tenant-' || g, (ARRAY['starter','growth','enterprise'])[1 + g % 3],"
                        + " timestamptz '2026-01-01' + g * interval '1 day' FROM generate_series(1, " + tenants + ") g",
                "INSERT INTO agents SELECT g, 1 + g % " + tenants + ", CASE WHEN g % 2 = 0 THEN 'voice' ELSE 'whatsapp' END,"
                        + " 'agent-' || g FROM generate_series(1, " + agents + ") g",
                "INSERT INTO calls (agent_id, caller, started_at, duration_seconds, recording_url)"
                        + " SELECT 1 + g % " + agents + ", '+4930' || lpad(g::text, 7, '0'),"
                        + " timestamptz '2026-11-01' + g * interval '37 seconds', 30 + g % 600,"
                        + " 'recordings/' || g || '.ogg' FROM generate_series(1, " + calls + ") g",
                "INSERT INTO transcripts SELECT id, CASE WHEN id % 3 = 0 THEN 'de' ELSE 'en' END,"
                        + " 'Caller ' || caller || ' asked about order ' || (id * 7919 % 100000) || '; agent resolved it.'"
                        + " FROM calls",
                "ANALYZE");
    }
}
