import { useEffect, useState } from 'preact/hooks';
import { api, errorMessage } from '../api';
import { useT } from '../i18n/I18nProvider';
import type { CannedResponse } from '../types';

/** What the canned-response list shows: the items found for `query`, or the error reading them. */
export interface Found {
  readonly query: string;
  readonly items: readonly CannedResponse[];
  readonly error?: string;
}

/**
 * Reads the canned responses matching `query` (words or `#tag`) from `path` (a conversation's
 * `…/canned-responses`: those of the customer's language, names filled in), a moment after the last keystroke;
 * `undefined` while the list is closed. Answers that come back out of order are dropped.
 *
 * @example const found = useCannedResponses(query, `/api/agent/conversations/${id}/canned-responses`);
 */
export function useCannedResponses(query: string | undefined, path: string): Found | undefined {
  const [found, setFound] = useState<Found | undefined>(undefined);
  useEffect(() => {
    if (query === undefined) {
      setFound(undefined);
      return undefined;
    }
    let current = true;
    const timer = setTimeout(() => {
      const params = new URLSearchParams({ q: query.trim() });
      api<{ items: CannedResponse[] }>('GET', `${path}?${params.toString()}`).then(
        (answer) => current && setFound({ query, items: answer.items }),
        (caught: unknown) => current && setFound({ query, items: [], error: errorMessage(caught) }),
      );
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [query, path]);
  return query === undefined ? undefined : found;
}

/** The list of canned responses (a `listbox`; the input that owns it keeps the focus and points at the active option). */
export function CannedList(props: { id: string; found: Found | undefined; loading: boolean; active: number; onPick: (item: CannedResponse) => void }) {
  const items = props.found?.items ?? [];
  const t = useT();
  return (
    <div class="canned-popup">
      <ul id={props.id} role="listbox" aria-label={t.cannedResponses} class="canned-list">
        {items.map((item, index) => (
          <li
            key={item.id}
            id={`${props.id}-${index}`}
            role="option"
            aria-selected={index === props.active}
            class={index === props.active ? 'canned-option active' : 'canned-option'}
            // The input keeps the focus; a click picks.
            onMouseDown={(event) => event.preventDefault()}
            onClick={() => props.onPick(item)}
          >
            <span class="canned-title">{item.title}</span>
            {item.tags.length > 0 && (
              <span class="canned-tags">
                {item.tags.map((tag) => (
                  <span key={tag} class="canned-tag">
                    #{tag}
                  </span>
                ))}
              </span>
            )}
            <span class="canned-preview muted small-text">{item.text}</span>
          </li>
        ))}
      </ul>
      <p class="canned-status muted small-text" role="status">
        {props.found?.error
          ? t.cannedUnreadable(props.found.error)
          : props.loading
            ? t.searching
            : items.length === 0
              ? t.noCannedMatch
              : t.cannedFound(items.length)}
      </p>
    </div>
  );
}

/** Moves the active option with the arrow keys; answers whether the key was one of them. */
export function arrowKey(event: KeyboardEvent, count: number, active: number, setActive: (index: number) => void): boolean {
  if (count === 0) return false;
  if (event.key === 'ArrowDown') setActive((active + 1) % count);
  else if (event.key === 'ArrowUp') setActive((active - 1 + count) % count);
  else if (event.key === 'Home') setActive(0);
  else if (event.key === 'End') setActive(count - 1);
  else return false;
  event.preventDefault();
  return true;
}
