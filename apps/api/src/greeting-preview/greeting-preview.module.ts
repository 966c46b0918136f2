import { Module } from '@nestjs/common';
import { GreetingPreviewController } from './greeting-preview.controller';
import { GreetingPreviewService } from './greeting-preview.service';

@Module({ controllers: [GreetingPreviewController], providers: [GreetingPreviewService] })
export class GreetingPreviewModule {}
