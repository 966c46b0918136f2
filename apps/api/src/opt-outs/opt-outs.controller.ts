import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
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
