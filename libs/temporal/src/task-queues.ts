/** The worker's task queue; one queue is enough until tools need their own scaling. */
export const CALLS_TASK_QUEUE = 'switchboard-calls';
