export * from './outbound-call';
