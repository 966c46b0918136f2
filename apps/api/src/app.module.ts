import { Module } from '@nestjs/common';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AuthModule } from './auth/auth.module';
import { CallsModule } from './calls/calls.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { MetricsModule } from './metrics/metrics.module';
import { OutboundModule } from './outbound/outbound.module';
import { SmsModule } from './sms/sms.module';
import { TemporalModule } from './temporal/temporal.module';
import { TwilioModule } from './twilio/twilio.module';

@Module({
  imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalModule, AuthModule, IdempotencyModule, HealthModule, MetricsModule, CallsModule, CampaignsModule, ApiKeysModule, TwilioModule, SmsModule, OutboundModule],
})
export class AppModule {}
