import { Module } from '@nestjs/common';
import { AuditLog } from './audit-log.service';
import { ViewLog } from './view-log';

@Module({ providers: [AuditLog, ViewLog], exports: [AuditLog, ViewLog] })
export class AuditModule {}
