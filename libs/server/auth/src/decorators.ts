import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Action } from './policy';
import type { Actor } from './actor';

export const CAN = 'tessera:can';
export const PUBLIC = 'tessera:public';

/** The one action of the decision table this route performs. */
export const Can = (action: Action) => SetMetadata(CAN, action);
/** Open without a token: setup, login, refresh, invitation acceptance. */
export const Public = () => SetMetadata(PUBLIC, true);
export const SESSION_ONLY = 'tessera:session-only';
/** Refused to API tokens: acts on the person's credentials (tokens, the password, the queue board's cookie), which a script must not renew itself. */
export const SessionOnly = () => SetMetadata(SESSION_ONLY, true);
export const READS_ONLY = 'tessera:reads-only';
/** A POST that changes nothing (it makes a download link, counts a preview): open to read-only API tokens, as every GET is. */
export const ReadsOnly = () => SetMetadata(READS_ONLY, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
