export { callWorkflow } from './call.workflow';
export { postCallWorkflow } from './post-call.workflow';
