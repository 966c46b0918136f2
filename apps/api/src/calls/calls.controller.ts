import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { canAccessTenant } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { PrismaService } from '../database/prisma.service';
import { CallsService } from './calls.service';

const CallSidParam = z.string().regex(/^CA[0-9a-f]{32}$/, 'expected a CallSid: CA followed by 32 hex digits');

@Controller('v1/calls')
export class CallsController {
  constructor(
    private readonly calls: CallsService,
    private readonly db: PrismaService,
  ) {}

  /** Another tenant's call is a 404, word for word like a call that does not exist: a key cannot probe CallSids. */
  @Get(':callSid')
  async getCall(@CurrentPrincipal() principal: Principal, @Param('callSid', new ZodValidationPipe(CallSidParam)) callSid: string) {
    const call = await this.db.call.findUnique({ where: { callSid }, select: { tenantId: true } });
    if (!call || !canAccessTenant(principal, call.tenantId)) throw new NotFoundException(`No call ${callSid}`);
    return this.calls.getCall(callSid);
  }
}
