-- CreateEnum
CREATE TYPE "ApiKeyRole" AS ENUM ('TENANT', 'ADMIN');

-- AlterTable
ALTER TABLE "ApiKey" ADD COLUMN     "role" "ApiKeyRole" NOT NULL DEFAULT 'TENANT',
ALTER COLUMN "tenantId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "IdempotencyRecord" (
    "scope" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "response" JSONB,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotencyRecord_pkey" PRIMARY KEY ("scope","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- A tenant key has a tenant, an admin key has none (Prisma cannot express this check).
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_role_matches_tenant" CHECK (("role" = 'ADMIN') = ("tenantId" IS NULL));
