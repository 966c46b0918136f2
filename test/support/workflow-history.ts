import type { temporal } from '@temporalio/proto';

type History = temporal.api.history.v1.IHistory;

/** The attempt number of each execution of activity `name` in a history, in order. */
export function activityAttempts(history: History, name: string): number[] {
  const events = history.events ?? [];
  const scheduled = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === name).map((e) => Number(e.eventId)));
  return events
    .filter((e) => scheduled.has(Number(e.activityTaskStartedEventAttributes?.scheduledEventId)))
    .map((e) => e.activityTaskStartedEventAttributes?.attempt ?? 0);
}

/** The attempt number of each local activity `name` a history recorded (its markers), in order. */
export function localActivityAttempts(history: History, name: string): number[] {
  return (history.events ?? [])
    .map((e) => e.markerRecordedEventAttributes)
    .filter((marker) => marker?.markerName === LOCAL_ACTIVITY_MARKER)
    .map((marker) => JSON.parse(Buffer.from(marker!.details!.data!.payloads![0].data!).toString()) as { activity_type: string; attempt: number })
    .filter((data) => data.activity_type === name)
    .map((data) => data.attempt);
}
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

/** The ids of the patches (`patched(id)`) a history recorded, in order. */
export function patchesRecorded(history: History): string[] {
  return (history.events ?? [])
    .map((e) => e.markerRecordedEventAttributes)
    .filter((marker) => marker?.markerName === PATCH_MARKER)
    .map((marker) => (JSON.parse(Buffer.from(marker!.details![PATCH_DATA].payloads![0].data!).toString()) as { id: string }).id);
}
const PATCH_MARKER = 'core_patch';
const PATCH_DATA = 'patch-data';

/** Every Update the workflow accepted, with its failure message when its handler failed. */
export function acceptedUpdates(history: History): Array<{ name: string; updateId: string; failure?: string }> {
  const events = history.events ?? [];
  const failures = new Map(
    events
      .map((e) => e.workflowExecutionUpdateCompletedEventAttributes)
      .filter((completed) => completed?.meta?.updateId)
      .map((completed) => [completed!.meta!.updateId!, completed!.outcome?.failure?.message ?? undefined]),
  );
  return events
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest)
    .filter((request) => request?.meta?.updateId)
    .map((request) => {
      const updateId = request!.meta!.updateId!;
      const failure = failures.get(updateId);
      return { name: request!.input?.name ?? '', updateId, ...(failure !== undefined && { failure }) };
    });
}

/** How many workflow tasks failed (a bug or a plain Error in workflow code; Temporal retries those forever). */
export function failedWorkflowTasks(history: History): number {
  return (history.events ?? []).filter((e) => e.workflowTaskFailedEventAttributes).length;
}

/** The first argument of every signal `name` the workflow received, in order (JSON payloads). */
export function signalsReceived(history: History, name: string): unknown[] {
  return (history.events ?? [])
    .map((e) => e.workflowExecutionSignaledEventAttributes)
    .filter((signal) => signal?.signalName === name)
    .map((signal) => JSON.parse(Buffer.from(signal!.input!.payloads![0].data!).toString()) as unknown);
}
