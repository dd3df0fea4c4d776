import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { uploadAgentFile, type FileSending } from '../agentFiles';
import { api, ApiError, errorMessage } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { ErrorNote } from '../components/ErrorNote';
import { lineOfActivity, lineOfRelayed, mergeLines, STICKER, Transcript, unsentLine, type Line } from '../components/Transcript';
import { TransferDialog, type Choice } from '../components/TransferDialog';
import { useDashboard } from '../context';
import { distributionOf, presenceLabel, type AgentDirectory } from '../directory';
import { duration, newClientMessageId, plainLanguageName, secondsSince, stateName } from '../format';
import { useDebounced, useNow } from '../hooks';
import { ConversationMedia } from '../media';
import { BASE, navigate, onLinkClick } from '../router';
import type { ConversationView, DeliveryTotals, Directory, StickerChoice, TranscriptAnswer } from '../types';
import { texts } from '../i18n/current';
import { useT } from '../i18n/I18nProvider';
import { Compose } from './Compose';
import { CustomerPanel } from './CustomerPanel';
import { NotesPanel } from './NotesPanel';

type Dialogs = 'transfer' | 'end' | 'wait' | undefined;

/**
 * One conversation for its agent: the whole transcript (the bot's part included) kept live, the compose box, the
 * actions the state allows (accept, transfer, step away, end, close after wrap-up) and the customer panel.
 */
export function ConversationPanel(props: { id: string; known: AgentDirectory; onChanged: () => Promise<void>; showCustomer?: boolean }) {
  const { session, stream } = useDashboard();
  const t = useT();
  const me = session.user.id;
  const myName = session.user.displayName || session.user.username;
  const base = `/api/agent/conversations/${encodeURIComponent(props.id)}`;
  // The customer's photos, voice messages and files, fetched once while this conversation is open.
  const media = useMemo(() => new ConversationMedia(base), [base]);
  const [view, setView] = useState<ConversationView | undefined>(undefined);
  const [gone, setGone] = useState<string | undefined>(undefined);
  const [transcript, setTranscript] = useState<Line[]>([]);
  const [truncated, setTruncated] = useState(false);
  const [totals, setTotals] = useState<DeliveryTotals | undefined>(undefined);
  const [live, setLive] = useState<Line[]>([]);
  const [pending, setPending] = useState<Line[]>([]);
  const [error, setError] = useState<string | undefined>(undefined);
  const [dialog, setDialog] = useState<Dialogs>(undefined);
  const [busy, setBusy] = useState(false);
  const [fileSending, setFileSending] = useState<FileSending | undefined>(undefined);
  // The files of messages not yet sent, by clientMessageId, with the ids of those already uploaded (a retry skips them).
  const pendingFiles = useRef(new Map<string, { files: readonly File[]; ids: (string | undefined)[] }>());
  const viewRef = useRef(view);
  viewRef.current = view;

  const loadView = async (): Promise<void> => {
    try {
      setView(await api<ConversationView>('GET', base));
      setGone(undefined);
    } catch (caught) {
      if (caught instanceof ApiError && caught.status === 404) setGone(texts().noLongerYours);
      else setError(errorMessage(caught));
    }
  };
  const loadTranscript = async (): Promise<void> => {
    try {
      const answer = await api<TranscriptAnswer>('GET', `${base}/transcript`);
      const lines = answer.items.map(lineOfActivity).filter((line): line is Line => line !== undefined);
      setTranscript(lines);
      setTruncated(answer.truncated);
      setTotals(answer.delivery);
      // Live lines the transcript now holds are dropped.
      setLive((current) => current.filter((line) => !lines.some((known) => known.id !== undefined && known.id === line.id)));
    } catch (caught) {
      if (!(caught instanceof ApiError && caught.status === 404)) setError(errorMessage(caught));
    }
  };
  const refreshTranscript = useDebounced(() => void loadTranscript(), 1200);
  const refreshView = useDebounced(() => void loadView(), 150);
  const markRead = useDebounced(() => {
    const current = viewRef.current;
    if (current?.agentId === me && current.state === 'assigned' && document.visibilityState === 'visible') void api('POST', `${base}/read`).then(() => props.onChanged(), () => undefined);
  }, 800);

  useEffect(() => {
    void loadView();
    void loadTranscript();
    const stopEvents = stream.subscribe((event) => {
      // Notes are the notes panel's own (it reloads them); the transcript and view stay as they are.
      if (event.type === 'presence' || event.type === 'note' || event.conversationId !== props.id) return;
      if (event.type === 'messageUnsent') {
        // The text leaves the screen at once; the transcript (blanked too) confirms it.
        setLive((current) => [...current.filter((known) => known.id !== event.messageId), unsentLine(`m-${event.messageId}`, event.messageId, undefined)]);
        refreshTranscript();
      } else if (event.type === 'message') {
        const relayed = lineOfRelayed(event.message);
        const line = relayed.author === 'agent' && !relayed.agentName && relayed.agentId === me ? { ...relayed, agentName: myName } : relayed;
        setLive((current) => [...current.filter((known) => known.key !== line.key), line]);
        // The echo of this screen's own send: it replaces the pending line.
        const echoOf = event.message.clientMessageId;
        if (echoOf !== undefined) setPending((current) => current.filter((candidate) => candidate.pending?.clientMessageId !== echoOf));
        // The transcript has the full message (locations' coordinates) a moment later.
        refreshTranscript();
        if (event.message.author === 'customer') markRead();
      } else {
        refreshView();
        refreshTranscript();
      }
    });
    const stopReconnect = stream.onReconnect(() => {
      void loadView();
      void loadTranscript();
    });
    return () => {
      stopEvents();
      stopReconnect();
    };
  }, [props.id, stream]);

  const writable = view?.agentId === me && view.state === 'assigned';
  useEffect(() => {
    if (!writable) return undefined;
    let current = true;
    api<FileSending>('GET', `${base}/file-sending`).then(
      (answer) => current && setFileSending(answer),
      (caught: unknown) => current && setFileSending({ allowed: false, reason: texts().fileSendingUnreadable(errorMessage(caught)), maxBytes: 0 }),
    );
    return () => {
      current = false;
    };
  }, [base, writable]);

  const act = async (action: 'accept' | 'decline' | 'wait' | 'close'): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      const after = await api<ConversationView>('POST', `${base}/${action}`);
      setView(after);
      if (action === 'decline') navigate('/agent');
      await props.onChanged();
      if (after.state === 'closed') navigate('/agent');
    } catch (caught) {
      setError(caught instanceof ApiError && caught.code === 'wrap_up_code_required' ? texts().wrapUpCodeNeeded : errorMessage(caught));
      void loadView();
    } finally {
      setBusy(false);
    }
  };

  const send = async (line: Line): Promise<void> => {
    const id = line.pending?.clientMessageId;
    if (!id) return;
    const update = (patch: Partial<NonNullable<Line['pending']>>): void =>
      setPending((current) => current.map((candidate) => (candidate.pending?.clientMessageId === id ? { ...candidate, pending: { ...candidate.pending, clientMessageId: id, status: 'sending', ...patch } } : candidate)));
    update({ status: 'sending' });
    try {
      const attached = pendingFiles.current.get(id);
      if (attached) {
        for (const [index, file] of attached.files.entries()) attached.ids[index] ??= await uploadAgentFile(base, file);
      }
      const files = attached?.ids.filter((fileId): fileId is string => fileId !== undefined) ?? [];
      // A retry sends what the line shows: its sticker and buttons too.
      const sticker = line.attachments.find((attachment) => attachment.contentType === STICKER)?.content as { packageId: string; stickerId: string } | undefined;
      await api('POST', `${base}/messages`, {
        ...(line.text?.trim() ? { text: line.text } : {}),
        ...(files.length > 0 ? { files } : {}),
        ...(sticker ? { sticker: { packageId: sticker.packageId, stickerId: sticker.stickerId } } : {}),
        ...(line.buttons && line.buttons.length > 0 ? { quickReplies: line.buttons } : {}),
        clientMessageId: id,
      });
      pendingFiles.current.delete(id);
      update({ status: 'sent' });
      refreshTranscript();
    } catch (caught) {
      update({ status: 'failed', error: errorMessage(caught) });
    }
  };

  if (gone) {
    return (
      <div class="empty-state">
        <p>{gone}</p>
        <a href={`${BASE}/agent`} onClick={onLinkClick}>
          {t.backToYourConversations}
        </a>
      </div>
    );
  }
  if (!view) {
    return (
      <div class="pad">
        <ErrorNote message={error} />
        {!error && <p class="muted">{t.loading}</p>}
      </div>
    );
  }

  /** Shows `line` (of this screen's agent) as sending and sends it. */
  const queueSend = (clientMessageId: string, content: Pick<Line, 'text' | 'attachments' | 'buttons'>): void => {
    const line: Line = { key: `p-${clientMessageId}`, author: 'agent', agentId: me, agentName: myName, ...content, at: new Date().toISOString(), pending: { status: 'sending', clientMessageId } };
    setPending((current) => [...current, line]);
    void send(line);
  };

  const customerName = view.customer.name ?? t.customer;
  const isMine = view.agentId === me;
  const canWrite = isMine && view.state === 'assigned';
  const lines = mergeLines(transcript, live, pending);

  return (
    <div class={`conversation${props.showCustomer ? ' show-customer' : ''}`}>
      <ConversationViews id={props.id} showCustomer={props.showCustomer === true} />
      <div class="conversation-main">
        <header class="conversation-head">
          <div>
            <h2>{customerName}</h2>
            <p class="muted small-text">
              <span class={`state state-${view.state}`}>{stateName(view.state)}</span> · {view.queue.name}
              {view.state === 'queued' && <WaitTime since={view.queuedAt} />}
              {totals && totals.free + totals.paid > 0 && (
                <>
                  {' · '}
                  <span class="delivery-totals" title={t.deliveryTotalsTitle}>
                    {t.deliveryTotals(totals.free, totals.paid)}
                  </span>
                </>
              )}
            </p>
          </div>
          <div class="actions" role="group" aria-label={t.conversationActions}>
            {view.state === 'queued' && view.offeredAgentId === me && (
              <>
                <button type="button" disabled={busy} onClick={() => void act('accept')}>
                  {t.accept}
                </button>
                <button type="button" class="secondary" disabled={busy} onClick={() => void act('decline')}>
                  {t.decline}
                </button>
              </>
            )}
            {view.state === 'queued' && view.offeredAgentId === undefined && distributionOf(view, props.known.directory) === 'pick' && (
              <button type="button" disabled={busy} onClick={() => void act('accept')}>
                {t.accept}
              </button>
            )}
            {isMine && view.state === 'assigned' && (
              <>
                <button
                  type="button"
                  class="secondary"
                  disabled={busy}
                  onClick={() => {
                    // Presence changes all the time: read who is available now.
                    props.known.refresh();
                    setDialog('transfer');
                  }}
                >
                  {t.transferEllipsis}
                </button>
                <button type="button" class="secondary" disabled={busy} onClick={() => setDialog('wait')}>
                  {t.stepAway}
                </button>
              </>
            )}
            {isMine && (view.state === 'assigned' || view.state === 'waiting') && (
              <button type="button" class="danger" disabled={busy} onClick={() => setDialog('end')}>
                {t.end}
              </button>
            )}
            {isMine && view.state === 'wrapUp' && (
              <button type="button" disabled={busy} onClick={() => void act('close')}>
                {t.closeWrapUpDone}
              </button>
            )}
          </div>
        </header>
        <ErrorNote message={error} onDismiss={() => setError(undefined)} />
        {view.state === 'wrapUp' && isMine && <p class="notice">{t.wrapUpNotice}</p>}
        {view.state === 'waiting' && isMine && <p class="notice">{t.steppedAwayNotice}</p>}
        {truncated && <p class="muted small-text">{t.transcriptTruncated}</p>}
        <Transcript
          lines={lines}
          customerName={customerName}
          meId={me}
          media={media}
          label={t.conversationWith(customerName)}
          onRetry={(line) => void send(line)}
          onDiscard={(line) => setPending((current) => current.filter((candidate) => candidate.key !== line.key))}
        />
        <NotesPanel
          base={base}
          conversationId={props.id}
          reloadKey={`${view.state}:${view.cycle}:${view.agentId ?? ''}:${view.queue.id}`}
          directory={props.known.directory}
          canWrite={(isMine && ['assigned', 'waiting', 'wrapUp'].includes(view.state)) || session.user.roles.some((role) => role === 'supervisor' || role === 'admin')}
          inWrapUp={isMine && view.state === 'wrapUp'}
        />
        {canWrite ? (
          <Compose
            customerName={customerName}
            cannedPath={`${base}/canned-responses`}
            files={fileSending}
            onSend={(text, files, buttons) => {
              const clientMessageId = newClientMessageId();
              if (files.length > 0) pendingFiles.current.set(clientMessageId, { files, ids: files.map(() => undefined) });
              const attachments = files.map((file) => ({ contentType: file.type || 'application/octet-stream', name: file.name }));
              queueSend(clientMessageId, { text, attachments, ...(buttons.length > 0 ? { buttons } : {}) });
            }}
            onSendSticker={(sticker: StickerChoice) =>
              queueSend(newClientMessageId(), { attachments: [{ contentType: STICKER, thumbnailUrl: sticker.imageUrl, content: { packageId: sticker.packageId, stickerId: sticker.stickerId } }] })
            }
            // The customer sees LINE's loading animation; a lost signal does not matter.
            onTyping={() => void api('POST', `${base}/typing`).catch(() => undefined)}
          />
        ) : (
          <p class="compose-closed muted" role={view.closeReason === 'accountRemoved' ? 'status' : undefined}>
            {view.state === 'assigned'
              ? t.onlyAssignedWrites
              : view.state === 'queued'
                ? t.acceptToWrite
                : view.closeReason === 'accountRemoved'
                  ? t.closedAccountRemoved
                  : t.notOpenForWriting}
          </p>
        )}
      </div>
      <CustomerPanel view={view} canLink={isMine} onLinked={loadView} />
      {dialog === 'transfer' && (
        <TransferDialog
          conversation={view}
          endpoint={`${base}/transfer`}
          {...transferChoices(props.known.directory, view)}
          agentsHelp={t.transferAgentsHelp}
          listError={props.known.error}
          onClose={() => setDialog(undefined)}
          onDone={(after) => {
            setDialog(undefined);
            setView(after);
            void props.onChanged();
            navigate('/agent');
          }}
        />
      )}
      {dialog === 'end' && (
        <ConfirmDialog title={t.endConversationTitle(customerName)} confirmLabel={t.endConversation} danger onClose={() => setDialog(undefined)} onConfirm={() => act('close')}>
          <p>{t.endConversationBody}</p>
        </ConfirmDialog>
      )}
      {dialog === 'wait' && (
        <ConfirmDialog title={t.stepAwayTitle} confirmLabel={t.stepAway} onClose={() => setDialog(undefined)} onConfirm={() => act('wait')}>
          <p>{t.stepAwayBody(customerName)}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** The directory's queues and agents as the transfer dialog offers them, for a conversation in `view.language`. */
function transferChoices(directory: Directory | undefined, view: ConversationView): { queues: Choice[] | undefined; agents: Choice[] | undefined } {
  if (!directory) return { queues: undefined, agents: undefined };
  return {
    queues: directory.queues.map((queue) => {
      const serves = queue.languages.includes(view.language);
      const sameName = directory.queues.some((other) => other.id !== queue.id && other.name === queue.name);
      return { id: queue.id, label: `${queue.name}${sameName ? ` (${queue.id})` : ''}${serves ? '' : ` — ${texts().doesNotServe(plainLanguageName(view.language))}`}`, disabled: !serves };
    }),
    agents: directory.agents.map((agent) => ({ id: agent.id, label: `${agent.displayName} — ${presenceLabel(agent.presence)}`, disabled: agent.presence !== 'available', queueIds: agent.queueIds })),
  };
}

function WaitTime(props: { since: string }) {
  const now = useNow();
  return <> · {texts().waitingFor(duration(secondsSince(props.since, now)))}</>;
}

/**
 * On narrow screens (phones, tablets; hidden by CSS on wide ones): back to the list, and the switch between the
 * conversation and the customer panel, each a route so the browser's back button steps through them.
 */
function ConversationViews(props: { id: string; showCustomer: boolean }) {
  const t = useT();
  const here = `${BASE}/agent/conversations/${encodeURIComponent(props.id)}`;
  return (
    <nav class="conversation-views" aria-label={t.conversationViews}>
      <a class="views-back" href={`${BASE}/agent`} onClick={onLinkClick}>
        {t.allConversationsBack}
      </a>
      <a href={here} onClick={onLinkClick} aria-current={props.showCustomer ? undefined : 'page'}>
        {t.chatTab}
      </a>
      <a href={`${here}/customer`} onClick={onLinkClick} aria-current={props.showCustomer ? 'page' : undefined}>
        {t.customer}
      </a>
    </nav>
  );
}
