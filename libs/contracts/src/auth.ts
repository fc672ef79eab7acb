import { z } from 'zod';
import { isoDateTime, uuid } from './common';
import { roleSchema } from './roles';

export const email = z.email().max(254).transform((s) => s.toLowerCase());
/** Long passphrases are welcome; the upper bound only stops hashing abuse. */
export const password = z.string().min(10).max(256);
export const displayName = z.string().trim().min(1).max(120);

export const setupStatusResponse = z.object({ needsSetup: z.boolean() });

export const setupRequest = z.strictObject({
  organizationName: z.string().trim().min(1).max(120),
  name: displayName,
  email,
  password,
});
export type SetupRequest = z.input<typeof setupRequest>;

export const loginRequest = z.strictObject({ email, password: z.string().min(1).max(256) });
export type LoginRequest = z.input<typeof loginRequest>;

export const sessionUser = z.object({
  id: uuid,
  email: z.string(),
  name: z.string(),
  orgId: uuid,
  orgName: z.string(),
  role: roleSchema,
});
export type SessionUser = z.infer<typeof sessionUser>;

export const tokenResponse = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int().describe('seconds until the access token expires'),
  user: sessionUser,
});
export type TokenResponse = z.infer<typeof tokenResponse>;

export const changePasswordRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: password,
});
export type ChangePasswordRequest = z.input<typeof changePasswordRequest>;

export const invitationCreateRequest = z.strictObject({
  email,
  role: roleSchema.exclude(['owner']),
  /** hours until the link expires */
  expiresInHours: z.number().int().min(1).max(24 * 30).default(72),
});
export type InvitationCreateRequest = z.input<typeof invitationCreateRequest>;

export const invitation = z.object({
  id: uuid,
  email: z.string(),
  role: roleSchema,
  expiresAt: isoDateTime,
  acceptedAt: isoDateTime.nullable(),
  createdAt: isoDateTime,
});
export type Invitation = z.infer<typeof invitation>;

export const invitationCreated = invitation.extend({
  /** The secret link; shown once, stored only as a hash. */
  token: z.string(),
  acceptPath: z.string(),
  acceptUrl: z.string(),
});
export type InvitationCreated = z.infer<typeof invitationCreated>;

export const invitationPreview = z.object({
  email: z.string(),
  role: roleSchema,
  orgName: z.string(),
  expiresAt: isoDateTime,
  existingUser: z.boolean(),
});
export type InvitationPreview = z.infer<typeof invitationPreview>;

export const invitationTokenParams = z.strictObject({ token: z.string().min(20).max(200) });

export const acceptInvitationRequest = z.strictObject({
  token: z.string().min(20).max(200),
  name: displayName,
  password,
});
export type AcceptInvitationRequest = z.input<typeof acceptInvitationRequest>;

/**
 * API tokens: long-lived credentials a person makes for scripts and the CLI (`Authorization: Bearer tsr_…`). A token
 * acts as its maker in one organisation, with the role they hold at the moment of each request; it does not open
 * the realtime protocol, and it cannot manage tokens or change the password (those take a signed-in session).
 */
export const API_TOKEN_PREFIX = 'tsr_';
/** How many tokens one person may hold in an organisation at once. */
export const API_TOKENS_MAX = 50;
/** The lifetimes the web app offers, in days; the API takes any from 1 to 366, or null for no expiry. */
export const API_TOKEN_LIFETIMES = [7, 30, 90, 365] as const;

export const apiTokenCreateRequest = z.strictObject({
  currentPassword: z.string().min(1).max(256).describe('your password, again: a session\'s access token alone does not make a long-lived credential'),
  name: z.string().trim().min(1).max(100).describe('what the token is for, to tell it apart later'),
  expiresInDays: z.number().int().min(1).max(366).nullable().default(90).describe('days until it stops working; null: never'),
  readOnly: z.boolean().default(false).describe('only reads (GET, and the few POSTs that only read, such as a release\'s download link)'),
});
export type ApiTokenCreateRequest = z.input<typeof apiTokenCreateRequest>;

export const apiToken = z.object({
  id: uuid,
  name: z.string(),
  /** the token's first characters (`tsr_` and four more), to match it with the one in a script */
  hint: z.string(),
  owner: z.object({ id: uuid, name: z.string(), email: z.string() }),
  createdAt: isoDateTime,
  expiresAt: isoDateTime.nullable(),
  /** when it last authenticated a request, to the minute; null: never used */
  lastUsedAt: isoDateTime.nullable(),
  readOnly: z.boolean(),
});
export type ApiToken = z.infer<typeof apiToken>;

/** The create answer is the only place the token itself is ever shown; only its hash is kept. */
export const apiTokenCreated = apiToken.extend({ token: z.string() });
export type ApiTokenCreated = z.infer<typeof apiTokenCreated>;

export const apiTokenList = z.object({ items: z.array(apiToken) });
export type ApiTokenList = z.infer<typeof apiTokenList>;
