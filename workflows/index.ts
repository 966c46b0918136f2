export { callWorkflow } from './call.workflow';
export { postCallWorkflow } from './post-call.workflow';
export { smsFollowUpWorkflow } from './sms-follow-up.workflow';
export { inboundSmsWorkflow } from './inbound-sms.workflow';
export { cloudSyncWorkflow } from './cloud-sync.workflow';
export { renderGreetingWorkflow } from './render-greeting.workflow';
export { callbackWorkflow } from './callback.workflow';
export { outboundCallWorkflow } from './outbound-call.workflow';
