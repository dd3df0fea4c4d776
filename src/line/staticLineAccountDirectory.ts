import type { LineAccount } from '../../adapters/line/lineAccount';
import type { LineAccountDirectory } from '../../adapters/line/lineAdapter';

/** LINE accounts held in memory: the one configured from the environment, or the simulator's. */
export class StaticLineAccountDirectory implements LineAccountDirectory {
  private readonly accounts = new Map<string, LineAccount>();

  constructor(accounts: readonly LineAccount[] = []) {
    for (const account of accounts) this.set(account);
  }

  async get(accountId: string): Promise<LineAccount | undefined> {
    return this.accounts.get(accountId);
  }

  /** Adds or replaces an account. */
  set(account: LineAccount): void {
    this.accounts.set(account.id, Object.freeze({ ...account }));
  }

  /** Every account, for listing. */
  list(): LineAccount[] {
    return [...this.accounts.values()];
  }
}
