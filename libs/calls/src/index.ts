export * from './call-types';
export * from './call-summary';
export * from './call-status';
export * from './call-parties';
export * from './call-transfer';
export * from './call-view';
