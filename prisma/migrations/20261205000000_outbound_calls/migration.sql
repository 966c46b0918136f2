-- Outbound calls: contact hours per tenant, AMD verdicts, reminder outcomes,
-- and ReminderAttempt as the idempotent record of every outbound dial.
-- Nothing wrote ReminderAttempt before this migration, so its new NOT NULL
-- columns need no backfill.

-- AlterTable
ALTER TABLE "AgentConfig" ADD COLUMN "contactHours" JSONB;

-- AlterTable
ALTER TABLE "Appointment" ADD COLUMN "reminderOutcome" TEXT,
ADD COLUMN "reminderOutcomeAt" TIMESTAMP(3),
ADD COLUMN "confirmedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Call" ADD COLUMN "answeredBy" TEXT;

-- AlterTable
ALTER TABLE "ReminderAttempt" ADD COLUMN "attemptKey" TEXT NOT NULL,
ADD COLUMN "tenantId" TEXT NOT NULL,
ADD COLUMN "purpose" TEXT NOT NULL DEFAULT 'reminder',
ADD COLUMN "phone" TEXT NOT NULL,
ADD COLUMN "dialedAt" TIMESTAMP(3),
ADD COLUMN "endedAt" TIMESTAMP(3),
ALTER COLUMN "campaignId" DROP NOT NULL,
ALTER COLUMN "appointmentId" DROP NOT NULL;

-- DropIndex
DROP INDEX "ReminderAttempt_appointmentId_attempt_key";

-- CreateIndex
CREATE UNIQUE INDEX "ReminderAttempt_attemptKey_key" ON "ReminderAttempt"("attemptKey");

-- CreateIndex
CREATE INDEX "ReminderAttempt_appointmentId_idx" ON "ReminderAttempt"("appointmentId");

-- CreateIndex
CREATE INDEX "ReminderAttempt_tenantId_phone_dialedAt_idx" ON "ReminderAttempt"("tenantId", "phone", "dialedAt");

-- AddForeignKey
ALTER TABLE "ReminderAttempt" ADD CONSTRAINT "ReminderAttempt_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
