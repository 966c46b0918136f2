import { Module } from '@nestjs/common';
import { PhoneNumbersController } from './phone-numbers.controller';
import { PhoneNumbersService } from './phone-numbers.service';

@Module({ controllers: [PhoneNumbersController], providers: [PhoneNumbersService] })
export class PhoneNumbersModule {}
