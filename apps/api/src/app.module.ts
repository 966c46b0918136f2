import { Module } from '@nestjs/common';
import { CallsModule } from './calls/calls.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { TemporalModule } from './temporal/temporal.module';
import { TwilioModule } from './twilio/twilio.module';

@Module({ imports: [ConfigModule, LoggingModule, DatabaseModule, TemporalModule, HealthModule, MetricsModule, CallsModule, TwilioModule] })
export class AppModule {}
