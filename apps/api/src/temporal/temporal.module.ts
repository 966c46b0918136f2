import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { Env } from '../../../../libs/config/src/env';
import { CallbacksClient } from '../../../../libs/temporal/src/callbacks-client';
import { CallsClient } from '../../../../libs/temporal/src/calls-client';
import { ENV } from '../config/config.module';

@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [ENV],
      // Lazy: the API boots (and /readyz says what is down) while Temporal is unreachable; webhooks then answer without the agent.
      useFactory: (env: Env) => new Client({ connection: Connection.lazy({ address: env.TEMPORAL_ADDRESS }), namespace: env.TEMPORAL_NAMESPACE }),
    },
    { provide: CallsClient, inject: [Client, ENV], useFactory: (client: Client, env: Env) => new CallsClient(client, env.TEMPORAL_TASK_QUEUE) },
    { provide: CallbacksClient, inject: [Client, ENV], useFactory: (client: Client, env: Env) => new CallbacksClient(client, env.TEMPORAL_TASK_QUEUE) },
  ],
  exports: [Client, CallsClient, CallbacksClient],
})
export class TemporalModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    // A lazy connection still trying to reach Temporal would retry on a closed channel: let that attempt end first.
    await this.client.connection.ensureConnected().catch(() => undefined);
    await this.client.connection.close();
  }
}
