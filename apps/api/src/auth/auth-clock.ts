/** The clock session links are issued and checked by: the real one, or a test's. */
export const AUTH_CLOCK = Symbol('AUTH_CLOCK');
