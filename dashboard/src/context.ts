import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { HandoffEventStream } from './eventStream';
import type { Session } from './session';
import type { PresenceAnswer } from './types';

/** What every screen of a signed-in user needs. */
export interface DashboardContext {
  readonly session: Session;
  readonly stream: HandoffEventStream;
  /** The user's agent presence when they have an agent profile; `undefined` without one. */
  readonly agentPresence: PresenceAnswer | undefined;
  readonly setAgentPresence: (presence: PresenceAnswer) => void;
  readonly can: { readonly agent: boolean; readonly supervise: boolean; readonly admin: boolean };
  /** Shows a short message in the status area (announced to screen readers). */
  readonly announce: (message: string) => void;
}

export const Dashboard = createContext<DashboardContext | undefined>(undefined);

export function useDashboard(): DashboardContext {
  const context = useContext(Dashboard);
  if (!context) throw new Error('useDashboard outside the signed-in shell');
  return context;
}
