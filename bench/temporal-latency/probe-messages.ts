import { defineSignal, defineUpdate } from '@temporalio/workflow';

/** The probe's Updates, which differ only in what they wait for. */
export const returnAtOnceUpdate = defineUpdate<void>('returnAtOnce');
export const normalActivityUpdate = defineUpdate<void>('normalActivity');
export const localActivityUpdate = defineUpdate<void>('localActivity');
export const finishSignal = defineSignal('finish');
