import * as argon2 from 'argon2';
import { ROLES, type Role } from '@tessera/contracts';
import type { Queryable } from './test-server';

export const TEST_PASSWORD = 'correct horse battery staple';
let hashed: Promise<string> | undefined;

export interface TestOrg {
  orgId: string;
  name: string;
  /** user id per role */
  users: Record<Role, { id: string; email: string }>;
}

/** An organisation with one member per role: `<role>@<domain>`, all with TEST_PASSWORD. */
export async function createOrgWithRoles(db: Queryable, name: string, domain: string): Promise<TestOrg> {
  hashed ??= argon2.hash(TEST_PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
  const passwordHash = await hashed;
  const [{ id: orgId }] = await db.query(`INSERT INTO organizations (name) VALUES ($1) RETURNING id`, [name]);
  const users = {} as TestOrg['users'];
  for (const role of ROLES) {
    const email = `${role}@${domain}`;
    const [{ id }] = await db.query(`INSERT INTO users (email, name, password_hash) VALUES ($1, $2, $3) RETURNING id`, [email, `${role} of ${name}`, passwordHash]);
    await db.query(`INSERT INTO memberships (org_id, user_id, role) VALUES ($1, $2, $3)`, [orgId, id, role]);
    users[role] = { id, email };
  }
  return { orgId, name, users };
}
