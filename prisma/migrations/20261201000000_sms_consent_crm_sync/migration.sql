-- CreateEnum
CREATE TYPE "SmsDirection" AS ENUM ('INBOUND', 'OUTBOUND');

-- AlterEnum (PostgreSQL 12+ adds several values in one migration)
ALTER TYPE "SmsStatus" ADD VALUE 'UNDELIVERED';
ALTER TYPE "SmsStatus" ADD VALUE 'SKIPPED';
ALTER TYPE "SmsStatus" ADD VALUE 'RECEIVED';

-- AlterTable
ALTER TABLE "AgentConfig" ADD COLUMN     "crmWebhookSecret" TEXT;

-- AlterTable
ALTER TABLE "SmsMessage" ADD COLUMN     "direction" "SmsDirection" NOT NULL DEFAULT 'OUTBOUND',
ADD COLUMN     "errorCode" INTEGER,
ADD COLUMN     "providerStatus" TEXT,
ADD COLUMN     "sentAt" TIMESTAMP(3),
ADD COLUMN     "skipReason" TEXT;

-- AlterTable
-- Rows from before sources were recorded say "unknown", new rows always name theirs.
ALTER TABLE "OptOut" ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'unknown';
ALTER TABLE "OptOut" ALTER COLUMN "source" DROP DEFAULT;

-- AlterTable
ALTER TABLE "SyncOutbox" ADD COLUMN     "lastError" TEXT;

-- CreateTable
CREATE TABLE "Consent" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "phone" TEXT NOT NULL,
    "purpose" TEXT NOT NULL DEFAULT 'reminders',
    "source" TEXT NOT NULL,
    "wording" TEXT NOT NULL,
    "grantedAt" TIMESTAMP(3) NOT NULL,
    "callSid" TEXT,
    "sourceKey" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Consent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Consent_sourceKey_key" ON "Consent"("sourceKey");

-- CreateIndex
CREATE INDEX "Consent_tenantId_phone_idx" ON "Consent"("tenantId", "phone");

-- CreateIndex
CREATE UNIQUE INDEX "SmsMessage_providerSid_key" ON "SmsMessage"("providerSid");

-- CreateIndex
CREATE INDEX "SmsMessage_tenantId_toNumber_sentAt_idx" ON "SmsMessage"("tenantId", "toNumber", "sentAt");

-- CreateIndex
CREATE INDEX "SmsMessage_callSid_idx" ON "SmsMessage"("callSid");

-- AddForeignKey
ALTER TABLE "Consent" ADD CONSTRAINT "Consent_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

