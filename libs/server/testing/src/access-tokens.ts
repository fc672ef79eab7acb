import { SignJWT } from 'jose';
import { PASSWORD_CHANGED_MS } from '@tessera/server/auth';
import type { Queryable } from './test-server';

/** The `pwd` claim the API puts in a person's access tokens; 0 for someone who does not exist. */
export async function passwordStamp(db: Queryable, userId: string): Promise<number> {
  const [row] = await db.query(`SELECT ${PASSWORD_CHANGED_MS} AS pwd FROM users u WHERE u.id = $1`, [userId]);
  return row ? Number(row.pwd) : 0;
}

/** An access token as the API would issue it, without a sign-in. */
export async function signAccessToken(db: Queryable, secret: string, userId: string, orgId: string, ttl = '15m'): Promise<string> {
  return new SignJWT({ org: orgId, pwd: await passwordStamp(db, userId) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).setSubject(userId)
    .setIssuer('tessera').setAudience('tessera-api').setIssuedAt().setExpirationTime(ttl)
    .sign(new TextEncoder().encode(secret));
}
