import { Controller, Get, Param } from '@nestjs/common';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { CallsService } from './calls.service';

const CallSidParam = z.string().regex(/^CA[0-9a-f]{32}$/, 'expected a CallSid: CA followed by 32 hex digits');

@Controller('calls')
export class CallsController {
  constructor(private readonly calls: CallsService) {}

  @Get(':callSid')
  getCall(@Param('callSid', new ZodValidationPipe(CallSidParam)) callSid: string) {
    return this.calls.getCall(callSid);
  }
}
