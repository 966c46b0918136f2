import type { JSX } from 'preact';
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

/** The path under /admin, without its leading slash (`calls/CA…`), and the query; re-renders on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const listener = () => setVersion((version) => version + 1);
    listeners.add(listener);
    return () => listeners.delete(listener);
  }, []);
  return { path: location.pathname.slice(BASE.length).replace(/^\/+|\/+$/g, ''), query: new URLSearchParams(location.search) };
}

/** A link inside the console: a plain click navigates without reloading the page. */
export function Link({ href, ...props }: JSX.HTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const onClick = (event: MouseEvent) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={onClick} {...props} />;
}
