import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Action } from './policy';
import type { Actor } from './actor';

export const CAN = 'tessera:can';
export const PUBLIC = 'tessera:public';

/** The one action of the decision table this route performs. */
export const Can = (action: Action) => SetMetadata(CAN, action);
/** Open without a token: setup, login, refresh, invitation acceptance. */
export const Public = () => SetMetadata(PUBLIC, true);

export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  return ctx.switchToHttp().getRequest<{ actor: Actor }>().actor;
});
