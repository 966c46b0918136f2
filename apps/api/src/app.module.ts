import { Module } from '@nestjs/common';
import { AgentConfigModule } from './agent-config/agent-config.module';
import { AnalyticsModule } from './analytics/analytics.module';
import { ApiKeysModule } from './api-keys/api-keys.module';
import { AppointmentsModule } from './appointments/appointments.module';
import { AuthModule } from './auth/auth.module';
import { BrowserAgentModule } from './browser-agent/browser-agent.module';
import { CallbacksModule } from './callbacks/callbacks.module';
import { CallsModule } from './calls/calls.module';
import { CampaignsModule } from './campaigns/campaigns.module';
import { ConfigModule } from './config/config.module';
import { CustomersModule } from './customers/customers.module';
import { DatabaseModule } from './database/database.module';
import { GreetingPreviewModule } from './greeting-preview/greeting-preview.module';
import { HealthModule } from './health/health.module';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LiveCallsModule } from './live-calls/live-calls.module';
import { LoggingModule } from './logging/logging.module';
import { MetricsModule } from './metrics/metrics.module';
import { OptOutsModule } from './opt-outs/opt-outs.module';
import { OutboundModule } from './outbound/outbound.module';
import { DocsModule } from './openapi/docs.module';
import { PhoneNumbersModule } from './phone-numbers/phone-numbers.module';
import { SecurityHeadersModule } from './security/security-headers.module';
import { SmsModule } from './sms/sms.module';
import { TemporalModule } from './temporal/temporal.module';
import { TenantsModule } from './tenants/tenants.module';
import { TwilioModule } from './twilio/twilio.module';
import { WebModule } from './web/web.module';

@Module({
  imports: [
    ConfigModule,
    LoggingModule,
    SecurityHeadersModule,
    DatabaseModule,
    TemporalModule,
    AuthModule,
    IdempotencyModule,
    HealthModule,
    MetricsModule,
    DocsModule,
    TenantsModule,
    AgentConfigModule,
    GreetingPreviewModule,
    PhoneNumbersModule,
    CustomersModule,
    AppointmentsModule,
    CallsModule,
    LiveCallsModule,
    CampaignsModule,
    CallbacksModule,
    OptOutsModule,
    AnalyticsModule,
    ApiKeysModule,
    BrowserAgentModule,
    TwilioModule,
    SmsModule,
    OutboundModule,
    WebModule,
  ],
})
export class AppModule {}
