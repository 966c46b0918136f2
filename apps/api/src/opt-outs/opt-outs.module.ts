import { Module } from '@nestjs/common';
import { OptOutsController } from './opt-outs.controller';
import { OptOutsService } from './opt-outs.service';

@Module({ controllers: [OptOutsController], providers: [OptOutsService] })
export class OptOutsModule {}
