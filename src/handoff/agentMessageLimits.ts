/** Most files one agent message may carry: LINE sends at most five messages per request. */
export const MAX_FILES_PER_MESSAGE = 5;

/** Most quick-reply buttons under one message (LINE's limit). */
export const MAX_QUICK_REPLIES = 13;

/** Longest quick-reply button label, in characters (LINE's limit). */
export const MAX_QUICK_REPLY_LABEL_LENGTH = 20;
