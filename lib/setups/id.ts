/** A setup id is a capability: 128 random bits, base64url (22 characters). */
export const SETUP_ID = /^[A-Za-z0-9_-]{22}$/;
