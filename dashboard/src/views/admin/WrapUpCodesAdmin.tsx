import { useState } from 'preact/hooks';
import { api, errorMessage } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { useAdminT } from '../../i18n/I18nProvider';
import type { WrapUpAdminList } from '../../notes';
import type { Workstream } from '../../types';
import { useList, useResource } from './useList';

/**
 * Wrap-up codes: the list agents choose from when they finish a conversation (add, relabel, remove), and per workstream
 * whether a code is required before a wrap-up closes.
 */
export function WrapUpCodesAdmin() {
  const a = useAdminT();
  const codes = useResource<WrapUpAdminList>('/api/admin/wrap-up-codes');
  const workstreams = useList<Workstream>('/api/admin/workstreams');
  const [newId, setNewId] = useState('');
  const [newLabel, setNewLabel] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState<string | undefined>(undefined);
  // The switch shows the admin's choice at once; the list read again afterwards confirms it.
  const [switched, setSwitched] = useState<Record<string, boolean>>({});

  const run = async (action: () => Promise<unknown>, done?: string): Promise<void> => {
    setSaved(undefined);
    try {
      await action();
      await codes.reload();
      if (done) setSaved(done);
    } catch (caught) {
      codes.setError(errorMessage(caught));
    }
  };

  const required = new Map((codes.value?.settings ?? []).map((setting) => [setting.workstreamId, setting.codeRequired]));
  return (
    <section aria-labelledby="wrap-up-codes-title">
      <h2 id="wrap-up-codes-title">{a.wrapUpCodesTitle}</h2>
      <p class="muted">{a.wrapUpCodesHelp}</p>
      <ErrorNote message={codes.error ?? workstreams.error} onDismiss={() => codes.setError(undefined)} />
      {saved && (
        <p class="notice success" role="status">
          {saved}
        </p>
      )}
      {codes.value && codes.value.codes.length === 0 && <p class="muted">{a.wrapUpCodesNone}</p>}
      <ul class="wrap-up-codes">
        {codes.value?.codes.map((code) => (
          <li key={code.id}>
            <form
              class="wrap-up-code-row"
              onSubmit={(event) => {
                event.preventDefault();
                void run(() => api('PUT', `/api/admin/wrap-up-codes/${encodeURIComponent(code.id)}`, { label: labels[code.id] ?? code.label }), a.wrapUpCodeSaved);
              }}
            >
              <code>{code.id}</code>
              <input aria-label={a.wrapUpCodeLabelOf(code.id)} maxLength={100} required value={labels[code.id] ?? code.label} onInput={(event) => setLabels({ ...labels, [code.id]: (event.target as HTMLInputElement).value })} />
              <button type="submit" class="secondary">
                {a.wrapUpCodeSave}
              </button>
              <button type="button" class="danger" aria-label={a.wrapUpCodeRemoveOf(code.label)} onClick={() => void run(() => api('DELETE', `/api/admin/wrap-up-codes/${encodeURIComponent(code.id)}`), a.wrapUpCodeRemoved)}>
                {a.wrapUpCodeRemove}
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form
        class="wrap-up-code-add"
        onSubmit={(event) => {
          event.preventDefault();
          void run(async () => {
            await api('POST', '/api/admin/wrap-up-codes', { id: newId.trim(), label: newLabel.trim() });
            setNewId('');
            setNewLabel('');
          }, a.wrapUpCodeAdded);
        }}
      >
        <label>
          {a.wrapUpCodeId}
          <input required pattern="[a-z0-9][a-z0-9_\-]{0,62}" title={a.wrapUpCodeIdHelp} value={newId} onInput={(event) => setNewId((event.target as HTMLInputElement).value)} />
        </label>
        <label>
          {a.wrapUpCodeLabel}
          <input required maxLength={100} value={newLabel} onInput={(event) => setNewLabel((event.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{a.wrapUpCodeAdd}</button>
      </form>
      <h3>{a.wrapUpRequiredTitle}</h3>
      <p class="muted">{a.wrapUpRequiredHelp}</p>
      <ul class="wrap-up-required">
        {workstreams.items?.map((workstream) => (
          <li key={workstream.id}>
            <label>
              <input
                type="checkbox"
                checked={switched[workstream.id] ?? required.get(workstream.id) ?? false}
                onChange={(event) => {
                  const codeRequired = (event.target as HTMLInputElement).checked;
                  setSwitched({ ...switched, [workstream.id]: codeRequired });
                  void run(() => api('PUT', `/api/admin/wrap-up-settings/${encodeURIComponent(workstream.id)}`, { codeRequired }), a.wrapUpCodeSaved);
                }}
              />{' '}
              {a.wrapUpRequiredFor(workstream.name)}
            </label>
          </li>
        ))}
      </ul>
    </section>
  );
}
