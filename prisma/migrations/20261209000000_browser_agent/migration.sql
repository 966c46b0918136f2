-- AlterTable
ALTER TABLE "AgentConfig" ADD COLUMN     "confirmWrites" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SessionLink" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "phone" TEXT,
    "prefix" TEXT NOT NULL,
    "hash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "createdByKeyId" TEXT NOT NULL,

    CONSTRAINT "SessionLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SessionLink_prefix_key" ON "SessionLink"("prefix");

-- CreateIndex
CREATE UNIQUE INDEX "SessionLink_hash_key" ON "SessionLink"("hash");

-- CreateIndex
CREATE INDEX "SessionLink_tenantId_idx" ON "SessionLink"("tenantId");

-- AddForeignKey
ALTER TABLE "SessionLink" ADD CONSTRAINT "SessionLink_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
