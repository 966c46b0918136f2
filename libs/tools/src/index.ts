export * from './tool-spec';
export * from './registry';
