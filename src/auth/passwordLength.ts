/** Shortest password accepted. */
export const MIN_PASSWORD_LENGTH = 12;

/** Longest password accepted: scrypt takes any length, but there is no reason to hash megabytes. */
export const MAX_PASSWORD_LENGTH = 1024;
