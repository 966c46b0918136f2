-- CreateTable
CREATE TABLE "MediaStreamClaim" (
    "callSid" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "streamSid" TEXT,
    "instance" TEXT NOT NULL,
    "claimedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MediaStreamClaim_pkey" PRIMARY KEY ("callSid")
);

-- CreateIndex
CREATE INDEX "MediaStreamClaim_tenantId_idx" ON "MediaStreamClaim"("tenantId");

-- AddForeignKey
ALTER TABLE "MediaStreamClaim" ADD CONSTRAINT "MediaStreamClaim_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

