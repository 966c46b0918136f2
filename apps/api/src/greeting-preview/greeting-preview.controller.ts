import { Controller, Get, Header, Query, StreamableFile } from '@nestjs/common';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { TenantAccess } from '../auth/tenant-access';
import { ZodValidationPipe } from '../common/zod-validation.pipe';
import { documentRoute } from '../openapi/api-route';
import { GreetingPreview, GreetingQuery } from './greeting-preview.schemas';
import { GreetingPreviewService } from './greeting-preview.service';

@Controller('v1/agent-config/greeting')
export class GreetingPreviewController {
  constructor(
    private readonly greetings: GreetingPreviewService,
    private readonly tenants: TenantAccess,
  ) {}

  @Get()
  async preview(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(GreetingQuery)) query: { tenant?: string }): Promise<GreetingPreview> {
    return this.greetings.preview((await this.tenants.target(principal, query.tenant)).id);
  }

  @Get('audio')
  @Header('Cache-Control', 'no-store')
  async audio(@CurrentPrincipal() principal: Principal, @Query(new ZodValidationPipe(GreetingQuery)) query: { tenant?: string }): Promise<StreamableFile> {
    const wav = await this.greetings.wav((await this.tenants.target(principal, query.tenant)).id);
    return new StreamableFile(wav, { type: 'audio/wav', length: wav.length });
  }
}

const tag = 'agent-config';
documentRoute({
  method: 'get',
  path: '/v1/agent-config/greeting',
  tag,
  summary: 'The greeting callers hear first, and whether its recording is cached',
  query: GreetingQuery,
  response: GreetingPreview,
});
documentRoute({
  method: 'get',
  path: '/v1/agent-config/greeting/audio',
  tag,
  summary: "The cached recording of the current greeting, as a WAV file (16-bit PCM, 8 kHz); 404 until it is rendered",
  query: GreetingQuery,
  responseMediaTypes: ['audio/wav'],
});
