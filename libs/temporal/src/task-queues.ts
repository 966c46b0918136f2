/** The worker's task queue; one queue is enough until tools need their own scaling. */
export const CALLS_TASK_QUEUE = 'switchboard-calls';

/**
 * Where the dials of one telephony account run, beside the calls queue
 * `callsTaskQueue`: every worker polling it asks the Temporal server to hand
 * out at most the account's calls-per-second, so all of the account's dials
 * (campaigns, callbacks, redials) share that pace.
 */
export const dialTaskQueue = (callsTaskQueue: string, account: string): string => `${callsTaskQueue}-dials-${account}`;
