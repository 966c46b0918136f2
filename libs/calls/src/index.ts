export * from './call-types';
export * from './call-summary';
