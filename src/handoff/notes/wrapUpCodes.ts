import { DuplicateKeyError, type DocumentCollection, type DocumentStore } from '../../storage/engine/documentStore';
import { DomainError } from '../../domainError';

/** A wrap-up code agents choose when they finish a conversation, e.g. `refund` labelled "Refund issued". */
export interface WrapUpCode {
  readonly id: string;
  readonly label: string;
}

/** Whether a workstream's agents must choose a wrap-up code before closing a wrap-up. */
export interface WrapUpWorkstreamSetting {
  readonly workstreamId: string;
  readonly codeRequired: boolean;
}

/** Raised when a code id is taken (`exists`, 409) or missing (`not_found`, 404). */
export class WrapUpCodeError extends DomainError {
  declare readonly code: 'exists' | 'not_found';

  constructor(code: 'exists' | 'not_found', message: string) {
    super(code, code === 'exists' ? 409 : 404, message);
  }
}

type CodeDocument = { _id: string; label: string };
type SettingDocument = { _id: string; codeRequired: boolean };

/**
 * The admin-defined list of wrap-up codes, and per workstream the switch "wrap-up code required".
 *
 * @example
 * await codes.create({ id: 'refund', label: 'Refund issued' });
 * await codes.setRequired('default', true);
 */
export class WrapUpCodes {
  private constructor(
    private readonly codes: DocumentCollection<CodeDocument>,
    private readonly settings: DocumentCollection<SettingDocument>,
  ) {}

  /** Opens the collections. */
  static async open(store: DocumentStore): Promise<WrapUpCodes> {
    return new WrapUpCodes(await store.collection<CodeDocument>('wrapUpCodes', []), await store.collection<SettingDocument>('wrapUpWorkstreamSettings', []));
  }

  /** Every code, by label. */
  async list(): Promise<WrapUpCode[]> {
    const documents = await this.codes.find({});
    return documents.map((document) => ({ id: document._id, label: document.label })).sort((a, b) => a.label.localeCompare(b.label));
  }

  /** One code, if it exists. */
  async get(id: string): Promise<WrapUpCode | undefined> {
    const document = await this.codes.findOne({ _id: id });
    return document ? { id: document._id, label: document.label } : undefined;
  }

  /** Adds a code; {@link WrapUpCodeError} `exists` when its id is taken. */
  async create(code: WrapUpCode): Promise<WrapUpCode> {
    try {
      await this.codes.insertOne({ _id: code.id, label: code.label });
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new WrapUpCodeError('exists', `wrap-up code '${code.id}' exists already`);
      throw error;
    }
    return code;
  }

  /** Changes a code's label; {@link WrapUpCodeError} `not_found` when there is no such code. */
  async update(id: string, label: string): Promise<WrapUpCode> {
    const result = await this.codes.updateOne({ _id: id }, { $set: { label } });
    if (result.matchedCount === 0) throw new WrapUpCodeError('not_found', `no wrap-up code '${id}'`);
    return { id, label };
  }

  /** Removes a code (wrap-ups that used it keep its id); {@link WrapUpCodeError} `not_found` when there is none. */
  async remove(id: string): Promise<void> {
    if ((await this.codes.deleteMany({ _id: id })) === 0) throw new WrapUpCodeError('not_found', `no wrap-up code '${id}'`);
  }

  /** Whether workstream `workstreamId` requires a code (not unless switched on). */
  async isRequired(workstreamId: string): Promise<boolean> {
    return (await this.settings.findOne({ _id: workstreamId }))?.codeRequired ?? false;
  }

  /** Switches "wrap-up code required" for a workstream. */
  async setRequired(workstreamId: string, codeRequired: boolean): Promise<WrapUpWorkstreamSetting> {
    await this.settings.updateOne({ _id: workstreamId }, { $set: { codeRequired } }, { upsert: true });
    return { workstreamId, codeRequired };
  }

  /** Every workstream's switch that was ever set. */
  async settingsList(): Promise<WrapUpWorkstreamSetting[]> {
    return (await this.settings.find({})).map((document) => ({ workstreamId: document._id, codeRequired: document.codeRequired }));
  }
}
