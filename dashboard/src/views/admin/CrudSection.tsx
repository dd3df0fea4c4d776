import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { api } from '../../api';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote } from '../../components/ErrorNote';
import { useAdminT } from '../../i18n/I18nProvider';

/** One column of a {@link CrudSection}'s table. */
export interface CrudColumn<T> {
  readonly header: string;
  readonly cell: (item: T) => ComponentChildren;
  /** The row's header cell (`<th scope="row">`): what names the item. */
  readonly rowHeader?: boolean;
  /** Right-aligned figures. */
  readonly numeric?: boolean;
  readonly className?: string;
}

/** What a {@link CrudSection} deletes and how it asks first. */
export interface CrudDeletion<T> {
  readonly title: (item: T) => string;
  readonly confirmLabel: string;
  /** What deleting does, said in the confirmation. */
  readonly note: ComponentChildren;
  /** The `DELETE` endpoint of the item. */
  readonly path: (item: T) => string;
  /** Whether the item may be deleted here (e.g. not one's own user); defaults to every item. */
  readonly allowed?: (item: T) => boolean;
}

/**
 * An admin section over a list of items: title with its *Add* button, an introduction, the table with *Edit…* and
 * *Delete…* per row, the editor (`renderEditor`, with the item or `undefined` to add one) and the delete confirmation.
 * After a save or a delete the list is read again (`reload`).
 *
 * @example
 * <CrudSection id="queues" title="Queues" addLabel="Add queue" items={items} error={error} reload={reload}
 *   columns={[{ header: 'Queue', rowHeader: true, cell: (queue) => queue.name }]} labelOf={(queue) => queue.name}
 *   deletion={{ title: (queue) => `Delete ${queue.name}?`, confirmLabel: 'Delete queue', note: '…', path: (queue) => `/api/admin/queues/${queue.id}` }}
 *   renderEditor={(queue, done) => <QueueDialog queue={queue} onClose={done.close} onSaved={done.saved} />} />
 */
export function CrudSection<T extends { readonly id: string }>(props: {
  id: string;
  title: string;
  addLabel: string;
  intro?: ComponentChildren;
  items: readonly T[] | undefined;
  error: string | undefined;
  reload: () => Promise<void>;
  /** Shown instead of rows when there are none. */
  emptyText?: string;
  columns: readonly CrudColumn<T>[];
  /** Names the item on its buttons, e.g. "Edit Billing (ja)". */
  labelOf: (item: T) => string;
  deletion: CrudDeletion<T>;
  renderEditor: (item: T | undefined, done: { readonly close: () => void; readonly saved: () => Promise<void> }) => ComponentChildren;
}) {
  const [editing, setEditing] = useState<T | 'new' | undefined>(undefined);
  const [deleting, setDeleting] = useState<T | undefined>(undefined);
  const { deletion } = props;
  const a = useAdminT();
  const titleId = `${props.id}-admin-title`;
  return (
    <section aria-labelledby={titleId}>
      <div class="section-head">
        <h2 id={titleId}>{props.title}</h2>
        <button type="button" onClick={() => setEditing('new')}>
          {props.addLabel}
        </button>
      </div>
      {props.intro && <p class="muted">{props.intro}</p>}
      <ErrorNote message={props.error} />
      <div class="table-wrap" tabIndex={0} role="region" aria-labelledby={titleId}>
        <table>
          <thead>
            <tr>
              {props.columns.map((column) => (
                <th key={column.header} scope="col" class={column.numeric ? 'num' : undefined}>
                  {column.header}
                </th>
              ))}
              <th scope="col">{a.actions}</th>
            </tr>
          </thead>
          <tbody>
            {props.items?.length === 0 && props.emptyText && (
              <tr>
                <td colSpan={props.columns.length + 1} class="muted">
                  {props.emptyText}
                </td>
              </tr>
            )}
            {props.items?.map((item) => (
              <tr key={item.id}>
                {props.columns.map((column) => {
                  const className = [column.numeric ? 'num' : '', column.className ?? ''].join(' ').trim() || undefined;
                  return column.rowHeader ? (
                    <th key={column.header} scope="row" class={className}>
                      {column.cell(item)}
                    </th>
                  ) : (
                    <td key={column.header} class={className}>
                      {column.cell(item)}
                    </td>
                  );
                })}
                <td class="actions-cell">
                  <button type="button" class="small secondary" onClick={() => setEditing(item)} aria-label={a.editItem(props.labelOf(item))}>
                    {a.editEllipsis}
                  </button>
                  {(deletion.allowed?.(item) ?? true) && (
                    <button type="button" class="small danger" onClick={() => setDeleting(item)} aria-label={a.deleteItem(props.labelOf(item))}>
                      {a.deleteEllipsis}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {editing &&
        props.renderEditor(editing === 'new' ? undefined : editing, {
          close: () => setEditing(undefined),
          saved: async () => {
            setEditing(undefined);
            await props.reload();
          },
        })}
      {deleting && (
        <ConfirmDialog
          title={deletion.title(deleting)}
          confirmLabel={deletion.confirmLabel}
          danger
          onClose={() => setDeleting(undefined)}
          onConfirm={async () => {
            await api('DELETE', deletion.path(deleting));
            await props.reload();
          }}
        >
          <p>{deletion.note}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

/** A row header naming an item above its id. */
export function NameWithId(props: { name: string; id: string }) {
  return (
    <>
      {props.name}
      <div class="muted small-text mono">{props.id}</div>
    </>
  );
}
