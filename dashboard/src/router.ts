import { useEffect, useState } from 'preact/hooks';

/** Where the dashboard is mounted; every app route is under it and the server answers index.html for all of them. */
export const BASE = '/dashboard';

const listeners = new Set<() => void>();
const leaveWarnings = new Set<string>();

/**
 * While `warning` is registered (a screen with unsaved edits), moving to another route asks first, and so does closing
 * or reloading the tab. Returns the function that unregisters it.
 */
export function warnBeforeLeaving(warning: string): () => void {
  leaveWarnings.add(warning);
  const onUnload = (event: BeforeUnloadEvent): void => event.preventDefault();
  addEventListener('beforeunload', onUnload);
  return () => {
    leaveWarnings.delete(warning);
    removeEventListener('beforeunload', onUnload);
  };
}

/** Goes to an app route (history API, no reload), unless a screen with unsaved edits is told to stay. */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = path.startsWith(BASE) ? path : `${BASE}${path}`;
  if (url === location.pathname) return;
  const [warning] = leaveWarnings;
  if (warning !== undefined && !confirm(warning)) return;
  if (options.replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  for (const listener of listeners) listener();
}

/** The route within the dashboard, e.g. `/agent/conversations/abc`; re-renders on navigation. */
export function useRoute(): string {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const update = (): void => setRoute(currentRoute());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}

function currentRoute(): string {
  const path = location.pathname.startsWith(BASE) ? location.pathname.slice(BASE.length) : '/';
  return path === '' ? '/' : path.replace(/\/+$/, '') || '/';
}

/** Route segments, e.g. `['agent', 'conversations', 'abc']`. */
export function segmentsOf(route: string): string[] {
  return route.split('/').filter(Boolean).map((segment) => decodeURIComponent(segment));
}

/** Follows a plain left click on an internal link without reloading the page. */
export function onLinkClick(event: MouseEvent): void {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const anchor = event.currentTarget as HTMLAnchorElement;
  if (anchor.origin !== location.origin || !anchor.pathname.startsWith(BASE)) return;
  event.preventDefault();
  navigate(anchor.pathname);
}
