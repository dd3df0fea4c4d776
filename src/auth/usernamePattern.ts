/** Usernames are stored lower-cased: 1–64 of letters, digits and `._@-`, starting with a letter or digit. */
export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._@-]{0,63}$/;
