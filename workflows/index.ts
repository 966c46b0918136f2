export { callWorkflow } from './call.workflow';
export { postCallWorkflow } from './post-call.workflow';
export { smsFollowUpWorkflow } from './sms-follow-up.workflow';
export { inboundSmsWorkflow } from './inbound-sms.workflow';
export { cloudSyncWorkflow } from './cloud-sync.workflow';
export { outboundCallWorkflow } from './outbound-call.workflow';
export { reminderCampaignWorkflow } from './reminder-campaign.workflow';
