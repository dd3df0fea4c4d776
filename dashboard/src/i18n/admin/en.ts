/**
 * The administration screens' texts in English; this catalogue defines their keys, as `../en.ts` does for the
 * agent's and supervisor's screens. The other languages are typed {@link AdminCatalogue}, so a missing key fails the
 * build. Never put text written by people here (queue names, canned responses, bot content).
 *
 * @example
 * const a = useAdminT();
 * <h2>{a.queuesTitle}</h2>
 */
export const adminEn = {
  // Navigation and the shared list of items
  administration: 'Administration',
  navChannels: 'LINE accounts',
  navQueues: 'Queues',
  navRules: 'Routing rules',
  navAgents: 'Agents',
  navUsers: 'Users',
  navWorkstreams: 'Workstreams',
  navMessages: 'Automated messages',
  navCanned: 'Canned responses',
  navContent: 'Bot content',
  navLineEvents: 'LINE events',
  navLineUsage: 'LINE usage',
  actions: 'Actions',
  editEllipsis: 'Edit…',
  deleteEllipsis: 'Delete…',
  editItem: (name: string) => `Edit ${name}`,
  deleteItem: (name: string) => `Delete ${name}`,
  save: 'Save',
  id: 'Id',
  name: 'Name',
  language: 'Language',
  languages: 'Languages',
  yes: 'Yes',
  no: 'No',

  // Queues
  queuesTitle: 'Queues',
  addQueue: 'Add queue',
  addAQueue: 'Add a queue',
  queue: 'Queue',
  priority: 'Priority',
  distribution: 'Distribution',
  hours: 'Hours',
  distributionPushShort: 'Push (offered to agents)',
  distributionPickShort: 'Pick (agents take)',
  deleteQueueTitle: (name: string) => `Delete the queue “${name}”?`,
  deleteQueue: 'Delete queue',
  deleteQueueNote: 'A queue that routing rules or agents still use cannot be deleted; the server says which.',
  hoursNotSaved: 'Not saved: fix the operating hours marked above.',
  queueIdHelpBefore: 'Lower-case letters, digits and hyphens, e.g. ',
  queueIdHelpAfter: '. It cannot change later.',
  priorityHigherFirst: 'Priority (higher is served first)',
  distributionPush: 'Push: offered to an available agent',
  distributionPick: 'Pick: agents take conversations themselves',
  languagesServed: 'Languages served',

  // Agents
  agentsTitle: 'Agents',
  addAgentProfile: 'Add agent profile',
  addAnAgentProfile: 'Add an agent profile',
  noAgentProfile: 'No agent profile yet.',
  agent: 'Agent',
  user: 'User',
  skills: 'Skills',
  capacity: 'Capacity',
  queues: 'Queues',
  deleteAgentTitle: (name: string) => `Delete the agent profile of ${name}?`,
  deleteProfile: 'Delete profile',
  deleteAgentNote: 'They are no longer offered conversations. Their user account stays.',
  displayNameCustomersSee: 'Display name (customers see it)',
  skillsHelpBefore: 'Comma-separated ',
  skillsHelpAfter: ', level 1 (novice) to 5 (expert).',
  capacityAtOnce: 'Capacity (conversations at once)',
  addProfile: 'Add profile',

  // Users
  usersTitle: 'Users',
  addUser: 'Add user',
  addAUser: 'Add a user',
  usersIntro: 'Agents answer customers and see the contacts of the customers they serve or may take; with contacts, an agent reads every contact; supervisors also watch queues and read transcripts; admins manage everything. An agent also needs an agent profile (Agents).',
  username: 'Username',
  displayName: 'Display name',
  roles: 'Roles',
  status: 'Status',
  disabled: 'Disabled',
  active: 'Active',
  deleteUserTitle: (name: string) => `Delete the user ${name}?`,
  deleteUser: 'Delete user',
  deleteUserNote: 'Their sessions end at once. Their agent profile, if any, stays until you delete it under Agents.',
  newPasswordKeep: 'New password (leave empty to keep)',
  passwordMin: (min: number) => `Password (${min} characters or more)`,
  disabledCannotSignIn: 'Disabled (cannot sign in)',

  // Workstreams
  workstreamsTitle: 'Workstreams',
  addWorkstream: 'Add workstream',
  addAWorkstream: 'Add a workstream',
  workstreamsIntro: 'Without a workstream for a language, the defaults apply: survey on, attachments allowed both ways.',
  noWorkstream: 'No workstream yet.',
  workstream: 'Workstream',
  survey: 'Survey',
  customerFiles: 'Customer files',
  agentFiles: 'Agent files',
  messagesOf: 'Messages of',
  itsOwn: 'its own',
  deleteWorkstreamTitle: (name: string) => `Delete the workstream “${name}”?`,
  deleteWorkstream: 'Delete workstream',
  deleteWorkstreamNote: 'Conversations in its language use another workstream of that language, or the defaults.',
  workstreamIdPlaceholder: 'e.g. line-ja',
  askSurvey: 'Ask the survey after a conversation',
  customersMaySendFiles: 'Customers may send files',
  agentsMaySendFiles: 'Agents may send files',
  useMessagesOf: 'Use the automated messages of workstream (empty = its own)',

  // Canned responses
  cannedTitle: 'Canned responses',
  addCanned: 'Add canned response',
  addACanned: 'Add a canned response',
  cannedIntro: 'Agents insert these by typing / in the compose box. A response with a language is offered only in conversations in that language.',
  noCanned: 'No canned response yet.',
  title: 'Title',
  anyLanguageShort: 'Any',
  tags: 'Tags',
  text: 'Text',
  deleteCannedTitle: (title: string) => `Delete the canned response “${title}”?`,
  deleteCanned: 'Delete canned response',
  deleteCannedNote: 'Agents will no longer be offered it.',
  anyLanguage: 'Any language',
  tagsCommaSeparated: 'Tags (comma-separated words)',
  cannedIdPlaceholder: 'e.g. refund-ja',
  cannedTagsPlaceholder: 'e.g. refund, billing',
};

/** The shape every language's administration catalogue has (see {@link adminEn}). */
export type AdminCatalogue = {
  readonly [K in keyof typeof adminEn]: (typeof adminEn)[K] extends (...args: infer A) => string ? (...args: A) => string : string;
};
