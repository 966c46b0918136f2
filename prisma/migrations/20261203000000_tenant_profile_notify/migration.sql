-- Tools cache each tenant's profile (its Tenant and AgentConfig rows) in the
-- worker (activities/tools/tenant-profile-cache.ts). Every change to those rows
-- tells the listening processes on commit: the payload is the tenant id, or ''
-- for every tenant (TRUNCATE).
--
-- Prisma's driver adapter cuts a migration at every semicolon, even inside a
-- function body: the body below writes each of its semicolons as \073.
CREATE FUNCTION "notify_tenant_profile_changed"() RETURNS trigger
LANGUAGE plpgsql AS E'
DECLARE
  key_column text := TG_ARGV[0]\073
BEGIN
  IF TG_LEVEL = ''STATEMENT'' THEN
    PERFORM pg_notify(''tenant_profile_changed'', '''')\073
    RETURN NULL\073
  END IF\073
  IF TG_OP <> ''INSERT'' THEN
    PERFORM pg_notify(''tenant_profile_changed'', to_jsonb(OLD) ->> key_column)\073
  END IF\073
  IF TG_OP <> ''DELETE'' THEN
    PERFORM pg_notify(''tenant_profile_changed'', to_jsonb(NEW) ->> key_column)\073
  END IF\073
  RETURN NULL\073
END
';

CREATE TRIGGER "Tenant_profile_changed"
AFTER INSERT OR UPDATE OR DELETE ON "Tenant"
FOR EACH ROW EXECUTE FUNCTION "notify_tenant_profile_changed"('id');

CREATE TRIGGER "AgentConfig_profile_changed"
AFTER INSERT OR UPDATE OR DELETE ON "AgentConfig"
FOR EACH ROW EXECUTE FUNCTION "notify_tenant_profile_changed"('tenantId');

-- TRUNCATE "Tenant" always truncates "AgentConfig" with it (its foreign key),
-- so this one statement trigger covers both tables.
CREATE TRIGGER "AgentConfig_profile_truncated"
AFTER TRUNCATE ON "AgentConfig"
FOR EACH STATEMENT EXECUTE FUNCTION "notify_tenant_profile_changed"();
