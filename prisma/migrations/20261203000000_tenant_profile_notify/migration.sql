-- Tools cache each tenant's profile (Tenant and AgentConfig rows) in the worker
-- (activities/tools/tenant-profile-cache.ts). Every change to those rows tells
-- the listening processes on commit: the payload is the tenant id, '' for all.
CREATE FUNCTION "notify_tenant_profile_changed"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  key_column text := TG_ARGV[0];
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('tenant_profile_changed', '');
    RETURN NULL;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    PERFORM pg_notify('tenant_profile_changed', to_jsonb(OLD) ->> key_column);
  END IF;
  IF TG_OP <> 'DELETE' THEN
    PERFORM pg_notify('tenant_profile_changed', to_jsonb(NEW) ->> key_column);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Tenant_profile_changed"
AFTER INSERT OR UPDATE OR DELETE ON "Tenant"
FOR EACH ROW EXECUTE FUNCTION "notify_tenant_profile_changed"('id');

CREATE TRIGGER "Tenant_profile_truncated"
AFTER TRUNCATE ON "Tenant"
FOR EACH STATEMENT EXECUTE FUNCTION "notify_tenant_profile_changed"();

CREATE TRIGGER "AgentConfig_profile_changed"
AFTER INSERT OR UPDATE OR DELETE ON "AgentConfig"
FOR EACH ROW EXECUTE FUNCTION "notify_tenant_profile_changed"('tenantId');

CREATE TRIGGER "AgentConfig_profile_truncated"
AFTER TRUNCATE ON "AgentConfig"
FOR EACH STATEMENT EXECUTE FUNCTION "notify_tenant_profile_changed"();
