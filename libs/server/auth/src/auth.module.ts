import { Module } from '@nestjs/common';
import { CONFIG, type Config } from '@tessera/server/config';
import { AuditModule } from '@tessera/server/audit';
import { AuthService } from './auth.service';
import { AuthGuard } from './auth.guard';
import { LoginThrottle } from './login-throttle';
import { AccessTokens } from './tokens';

@Module({
  imports: [AuditModule],
  providers: [
    { provide: AccessTokens, inject: [CONFIG], useFactory: (c: Config) => new AccessTokens(c.JWT_SECRET, c.ACCESS_TOKEN_TTL_SECONDS) },
    AuthService,
    AuthGuard,
    LoginThrottle,
  ],
  exports: [AuthService, AuthGuard, AccessTokens],
})
export class AuthModule {}
