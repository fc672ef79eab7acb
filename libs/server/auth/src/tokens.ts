import { createHash, randomBytes } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';

export const ACCESS_AUDIENCE = 'tessera-api';
export const ISSUER = 'tessera';
/** One algorithm, pinned on both sides: tokens with `none` or any other alg are refused. */
const ALG = 'HS256';
/** Verified tokens remembered per process; past this the memory starts over. */
const VERIFIED_MAX = 20_000;

export interface AccessClaims {
  sub: string;
  org: string;
  iat: number;
  exp: number;
  /**
   * The password the token was issued under: its password_changed_at in
   * milliseconds. A token survives only while that is still the password, so
   * one issued in the same second as a change (by a refresh racing it) dies too.
   */
  pwd: number;
}

export class AccessTokens {
  private readonly key: Uint8Array;
  constructor(secret: string, readonly ttlSeconds: number) {
    this.key = new TextEncoder().encode(secret);
  }

  sign(userId: string, orgId: string, passwordChangedMs: number): Promise<string> {
    return new SignJWT({ org: orgId, pwd: passwordChangedMs })
      .setProtectedHeader({ alg: ALG, typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(ISSUER)
      .setAudience(ACCESS_AUDIENCE)
      .setIssuedAt()
      .setExpirationTime(`${this.ttlSeconds}s`)
      .sign(this.key);
  }

  /**
   * Tokens whose signature and claims were checked, by their exact text: the same
   * token comes with every request of a session, and checking the HMAC through
   * WebCrypto costs a trip to the thread pool each time. Only expiry can change.
   */
  private readonly verified = new Map<string, AccessClaims>();

  /** The claims, or null for anything expired, forged, of another audience or algorithm. */
  async verify(token: string): Promise<AccessClaims | null> {
    const known = this.verified.get(token);
    if (known) {
      if (known.exp * 1000 > Date.now()) return known;
      this.verified.delete(token);
      return null;
    }
    const claims = await this.check(token);
    if (claims) {
      if (this.verified.size >= VERIFIED_MAX) this.verified.clear();
      this.verified.set(token, claims);
    }
    return claims;
  }

  private async check(token: string): Promise<AccessClaims | null> {
    try {
      const { payload } = await jwtVerify(token, this.key, {
        algorithms: [ALG],
        audience: ACCESS_AUDIENCE,
        issuer: ISSUER,
        requiredClaims: ['sub', 'exp', 'iat', 'pwd'],
      });
      if (typeof payload.org !== 'string' || typeof payload.sub !== 'string' || !Number.isSafeInteger(payload.pwd)) return null;
      return payload as unknown as AccessClaims;
    } catch (e) {
      if (e instanceof joseErrors.JOSEError || e instanceof TypeError) return null;
      throw e;
    }
  }
}

/** users.password_changed_at as a token's `pwd` claim: the guard and the signer read it the same way. */
export const PASSWORD_CHANGED_MS = 'floor(extract(epoch FROM u.password_changed_at) * 1000)::bigint';

/** An opaque secret for links and cookies; only its hash is stored. */
export const newSecret = () => randomBytes(32).toString('base64url');
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');
