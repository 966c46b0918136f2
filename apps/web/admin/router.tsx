import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';

/** Where the API serves the console; every path under it gets the page (apps/api/src/web). */
export const BASE = '/admin';

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

export function navigate(href: string): void {
  history.pushState(null, '', href);
  notify();
}

/** The path under /admin, without slashes at either end (`calls/CA…`); re-renders on navigation. */
export function usePath(): string {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return location.pathname.slice(BASE.length).replace(/^\/+|\/+$/g, '');
}

/** A link inside the console: a plain click navigates without reloading the page. */
export function Link({ href, ...props }: { href: string; class?: string; 'aria-current'?: 'page'; children: ComponentChildren }) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={onClick} {...props} />;
}
