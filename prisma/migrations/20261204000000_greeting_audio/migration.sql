-- CreateTable
CREATE TABLE "GreetingAudio" (
    "tenantId" TEXT NOT NULL,
    "voice" TEXT NOT NULL,
    "textHash" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "audio" BYTEA NOT NULL,
    "durationMs" INTEGER NOT NULL,
    "model" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GreetingAudio_pkey" PRIMARY KEY ("tenantId","voice","textHash")
);

-- AddForeignKey
ALTER TABLE "GreetingAudio" ADD CONSTRAINT "GreetingAudio_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

