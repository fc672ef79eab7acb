import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { AuditModule } from '@tessera/server/audit';
import { AuthService } from './auth.service';
import { AuthGuard } from './auth.guard';
import { LoginThrottle } from './login-throttle';
import { AccessTokens } from './tokens';
import { Invitation, Membership, Organization, User } from './account.entities';
import { RefreshToken } from './refresh-token.entity';
import { AccessChangesModule } from './access-changes';
import { ApiTokens } from './api-tokens';

/** Accounts, memberships and sessions, for the process that composes the features (InfraModule.forRoot). */
export const AUTH_ENTITIES = [Organization, User, Membership, Invitation, RefreshToken];

@Module({
  imports: [AuditModule, AccessChangesModule],
  providers: [
    { provide: AccessTokens, inject: [CONFIG], useFactory: (c: Config) => new AccessTokens(c.JWT_SECRET, c.ACCESS_TOKEN_TTL_SECONDS) },
    AuthService,
    AuthGuard,
    ApiTokens,
    LoginThrottle,
  ],
  exports: [AuthService, AuthGuard, AccessTokens, ApiTokens, AccessChangesModule],
})
export class AuthModule {}
