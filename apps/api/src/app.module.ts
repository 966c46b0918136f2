import { Module } from '@nestjs/common';
import { CallsModule } from './calls/calls.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { SmsModule } from './sms/sms.module';
import { TemporalModule } from './temporal/temporal.module';
import { TwilioModule } from './twilio/twilio.module';

@Module({ imports: [ConfigModule, DatabaseModule, TemporalModule, HealthModule, MetricsModule, CallsModule, TwilioModule, SmsModule] })
export class AppModule {}
