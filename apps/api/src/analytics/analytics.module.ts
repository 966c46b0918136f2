import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { CallAnalyticsService } from './call-analytics.service';

@Module({ controllers: [AnalyticsController], providers: [CallAnalyticsService] })
export class AnalyticsModule {}
