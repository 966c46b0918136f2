import type { TestWorkflowEnvironment } from '@temporalio/testing';

export const TEST_STATE_KEY = '__switchboardTestInfra';

export interface TestInfraState {
  temporal: TestWorkflowEnvironment;
  serverUrl: string;
  databaseName: string;
}
