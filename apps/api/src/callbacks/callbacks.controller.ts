import { Body, Controller, Delete, Get, Headers, Param, Patch, Post, Query } from '@nestjs/common';
import type { CallbackState } from '../../../../libs/callbacks/src/callback-messages';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { Idempotent } from '../idempotency/idempotent.decorator';
import { documentRoute } from '../openapi/api-route';
import { CallbackIdParam, CancelCallbackQuery, CreateCallbackBody, ListCallbacksQuery, RescheduleCallbackBody } from './callbacks.schemas';
import { CallbacksService } from './callbacks.service';

const IdParam = new ZodValidationPipe(CallbackIdParam);

@Controller('v1/callbacks')
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  /** Answers once the callback is scheduled: its state says when it falls due. */
  @Post()
  @Idempotent()
  create(
    @CurrentPrincipal() principal: Principal,
    @Body(new ZodValidationPipe(CreateCallbackBody)) body: CreateCallbackBody,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
  ): Promise<CallbackState> {
    return this.callbacks.create(principal, body, idempotencyKey);
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(ListCallbacksQuery)) query: ListCallbacksQuery) {
    return this.callbacks.list(principal, query);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', IdParam) id: string): Promise<CallbackState> {
    return this.callbacks.get(principal, id);
  }

  /** Reschedules: the new time is clamped into business and contact hours like the first. */
  @Patch(':id')
  reschedule(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Body(new ZodValidationPipe(RescheduleCallbackBody)) body: RescheduleCallbackBody,
  ): Promise<CallbackState> {
    return this.callbacks.reschedule(principal, id, body.requestedAt);
  }

  @Delete(':id')
  cancel(
    @CurrentPrincipal() principal: Principal,
    @Param('id', IdParam) id: string,
    @Query(new ZodValidationPipe(CancelCallbackQuery)) query: { reason?: string },
  ): Promise<CallbackState> {
    return this.callbacks.cancel(principal, id, query.reason);
  }
}

const tag = 'callbacks';
const params = { id: CallbackIdParam };
documentRoute({ method: 'post', path: '/v1/callbacks', tag, summary: 'Ask for a callback: starts callback-<id>, answers once it is scheduled', body: CreateCallbackBody, idempotent: true });
documentRoute({ method: 'get', path: '/v1/callbacks', tag, summary: 'Callbacks, newest first', query: ListCallbacksQuery });
documentRoute({ method: 'get', path: '/v1/callbacks/:id', tag, summary: "A callback's state (its workflow's query)", params });
documentRoute({ method: 'patch', path: '/v1/callbacks/:id', tag, summary: 'Reschedule a callback that has not acted yet', params, body: RescheduleCallbackBody });
documentRoute({ method: 'delete', path: '/v1/callbacks/:id', tag, summary: 'Cancel a callback that has not acted yet', params, query: CancelCallbackQuery });
