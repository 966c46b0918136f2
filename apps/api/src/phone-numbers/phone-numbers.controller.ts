import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { requireAdmin, TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import { CreatePhoneNumberBody, ListPhoneNumbersQuery, PhoneNumberParam, PhoneNumberView } from './phone-numbers.schemas';
import { PhoneNumbersService } from './phone-numbers.service';

@Controller('v1/phone-numbers')
export class PhoneNumbersController {
  constructor(
    private readonly numbers: PhoneNumbersService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListPhoneNumbersQuery)) query: { tenant?: string }) {
    return { data: await this.numbers.list((await this.tenants.target(principal, query.tenant)).id) };
  }

  @Post()
  @Idempotent()
  async assign(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(CreatePhoneNumberBody)) body: CreatePhoneNumberBody): Promise<PhoneNumberView> {
    requireAdmin(principal, 'Assigning a phone number');
    return this.numbers.assign((await this.tenants.target(principal, body.tenant)).id, body.e164, body.label);
  }

  @Delete(':e164')
  async release(@CurrentPrincipal() principal: Principal, @Param('e164', new ZodValidationPipe(PhoneNumberParam)) e164: string): Promise<PhoneNumberView> {
    requireAdmin(principal, 'Releasing a phone number');
    return this.numbers.release(e164);
  }
}

documentRoute({
  method: 'get',
  path: '/v1/phone-numbers',
  tag: 'phone-numbers',
  summary: "The tenant's numbers callers dial",
  query: ListPhoneNumbersQuery,
  response: z.object({ data: z.array(PhoneNumberView) }),
});
documentRoute({
  method: 'post',
  path: '/v1/phone-numbers',
  tag: 'phone-numbers',
  summary: 'Assign a Twilio number to a tenant (admin key)',
  body: CreatePhoneNumberBody,
  response: PhoneNumberView,
  idempotent: true,
});
documentRoute({
  method: 'delete',
  path: '/v1/phone-numbers/:e164',
  tag: 'phone-numbers',
  summary: 'Release a number: calls to it are no longer answered (admin key)',
  params: { e164: PhoneNumberParam },
  response: PhoneNumberView,
});
