export * from './audit-event.entity';
export * from './audit-log.service';
export * from './audit.module';
export * from './audit-export';
export * from './view-log';
