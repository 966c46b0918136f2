-- AlterTable
ALTER TABLE "AgentConfig" ADD COLUMN     "aiEnabled" BOOLEAN NOT NULL DEFAULT true;
