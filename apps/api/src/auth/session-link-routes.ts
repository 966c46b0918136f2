import { SetMetadata } from '@nestjs/common';

export const OPENS_WITH_SESSION_LINK = 'switchboard:opens-with-session-link';

/**
 * A route a session link may call besides API keys: the browser agent's. The
 * API-key guard answers a link on any other route with 403.
 */
export const OpensWithSessionLink = () => SetMetadata(OPENS_WITH_SESSION_LINK, true);
