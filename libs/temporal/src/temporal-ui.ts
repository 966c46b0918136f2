/** A workflow's page in the Temporal UI (`TEMPORAL_UI_URL`, e.g. http://127.0.0.1:8233). */
export function workflowUiUrl(uiUrl: string, namespace: string, workflowId: string): string {
  return `${uiUrl.replace(/\/+$/, '')}/namespaces/${encodeURIComponent(namespace)}/workflows/${encodeURIComponent(workflowId)}`;
}
