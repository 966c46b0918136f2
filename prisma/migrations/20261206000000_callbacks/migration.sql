-- CreateEnum
CREATE TYPE "CallbackAction" AS ENUM ('SMS_STAFF', 'AI_CALL', 'BOTH');

-- AlterTable
ALTER TABLE "AgentConfig" ADD COLUMN     "callbackAction" "CallbackAction" NOT NULL DEFAULT 'SMS_STAFF',
ADD COLUMN     "contactHours" JSONB;

-- AlterTable
ALTER TABLE "Callback" ADD COLUMN     "dueAt" TIMESTAMP(3),
ADD COLUMN     "finishedAt" TIMESTAMP(3),
ADD COLUMN     "notes" TEXT,
ADD COLUMN     "outcome" TEXT;

-- CreateIndex
CREATE INDEX "Callback_tenantId_createdAt_idx" ON "Callback"("tenantId", "createdAt");
