import { createHmac, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { CONFIG, type Config } from '@tessera/server/config';
import { forbidden } from '@tessera/server/http';
import { deriveKey } from '@tessera/server/storage';

/** Which bytes of an asset a link opens: the content, the thumbnail, or one DICOM instance (by id). */
export type LinkedFile = 'content' | 'thumbnail' | { instance: string };

/**
 * What a link says, signed. Short keys keep a page of 120 thumbnail URLs small.
 * o: organisation, a: asset, f: `c` (content), `t` (thumbnail) or a DICOM instance id,
 * u: the viewer the link was made for, e: expiry in Unix seconds.
 */
const claims = z.strictObject({ o: z.uuid(), a: z.uuid(), f: z.union([z.enum(['c', 't']), z.uuid()]), u: z.uuid(), e: z.number().int() });
export interface FileClaims {
  orgId: string;
  assetId: string;
  file: LinkedFile;
  userId: string;
  expiresAt: Date;
}

/** Separates these MACs from any other HMAC made with the same key, and lets the format change later. */
const DOMAIN = 'tessera-file-url-v1.';
/** Links are minted on this grid, so the same file asked twice within it gets the same URL (and the browser's cached copy). */
const GRID_SECONDS = 60;

/**
 * Signed, short-lived URLs for the bytes of an asset, so `<img src>` and
 * Cornerstone's `wadouri:` loader can fetch them without an Authorization
 * header. A token is `base64url(JSON claims) . base64url(HMAC-SHA256)`, keyed
 * by a key derived from JWT_SECRET for this purpose alone. It binds the
 * organisation, the asset, the file, the viewer and the expiry; it grants
 * nothing the viewer could not fetch with their token, and the route that
 * serves it checks the viewer's access again (see AssetsService.openSigned).
 */
@Injectable()
export class FileLinks {
  private readonly key: Buffer;
  constructor(@Inject(CONFIG) private readonly config: Config) {
    this.key = deriveKey(config.JWT_SECRET, 'signed-file-url');
  }

  /** The expiry of links minted now: at least the TTL away, rounded up to the grid. */
  expiry(now = Date.now()): Date {
    const s = Math.ceil((now / 1000 + this.config.FILE_URL_TTL_SECONDS) / GRID_SECONDS) * GRID_SECONDS;
    return new Date(s * 1000);
  }

  url(c: FileClaims): string {
    return `/api/v1/files/${this.sign(c)}`;
  }

  sign(c: FileClaims): string {
    const f = c.file === 'content' ? 'c' : c.file === 'thumbnail' ? 't' : c.file.instance;
    const payload = Buffer.from(JSON.stringify({ o: c.orgId, a: c.assetId, f, u: c.userId, e: Math.floor(c.expiresAt.getTime() / 1000) })).toString('base64url');
    return `${payload}.${this.mac(payload).toString('base64url')}`;
  }

  /**
   * The claims of an authentic, unexpired token, or a 403. The MAC is checked
   * (in constant time) before anything in the token is parsed or believed.
   */
  open(token: string, now = Date.now()): FileClaims {
    const [payload, sig, extra] = token.split('.');
    const given = Buffer.from(sig ?? '', 'base64url');
    const want = this.mac(payload ?? '');
    if (extra !== undefined || given.length !== want.length || !timingSafeEqual(given, want)) throw forbidden('This file link is not valid.');
    let parsed: z.infer<typeof claims>;
    try {
      parsed = claims.parse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    } catch {
      throw forbidden('This file link is not valid.'); // signed by us but not ours in shape: only if the key leaked or the format changed
    }
    if (parsed.e * 1000 <= now) throw forbidden('This file link has expired; ask for the asset’s files again.');
    const file: LinkedFile = parsed.f === 'c' ? 'content' : parsed.f === 't' ? 'thumbnail' : { instance: parsed.f };
    return { orgId: parsed.o, assetId: parsed.a, file, userId: parsed.u, expiresAt: new Date(parsed.e * 1000) };
  }

  private mac(payload: string): Buffer {
    return createHmac('sha256', this.key).update(DOMAIN + payload).digest();
  }
}
