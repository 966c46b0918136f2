import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import { AddOptOutBody, ListOptOutsQuery, OptOutPhoneParam, RemoveOptOutQuery } from './opt-outs.schemas';
import { OptOutsService } from './opt-outs.service';

@Controller('v1/opt-outs')
export class OptOutsController {
  constructor(private readonly optOuts: OptOutsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListOptOutsQuery)) query: ListOptOutsQuery) {
    return this.optOuts.list(principal, query);
  }

  @Post()
  @Idempotent()
  add(@CurrentPrincipal() principal: Principal, @Body(new ZodValidationPipe(AddOptOutBody)) body: AddOptOutBody) {
    return this.optOuts.add(principal, body);
  }

  @Delete(':phone')
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('phone', new ZodValidationPipe(OptOutPhoneParam)) phone: string,
    @Query(new ZodValidationPipe(RemoveOptOutQuery)) query: RemoveOptOutQuery,
  ) {
    return this.optOuts.remove(principal, phone, query);
  }
}

const tag = 'opt-outs';
documentRoute({ method: 'get', path: '/v1/opt-outs', tag, summary: "The tenant's do-not-contact list", query: ListOptOutsQuery });
documentRoute({ method: 'post', path: '/v1/opt-outs', tag, summary: 'Put a number on the do-not-contact list (calls, texts or both)', body: AddOptOutBody, idempotent: true });
documentRoute({ method: 'delete', path: '/v1/opt-outs/:phone', tag, summary: 'Take a number off the do-not-contact list', params: { phone: OptOutPhoneParam }, query: RemoveOptOutQuery });
