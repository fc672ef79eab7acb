export * from './releases.module';
export * from './releases.service';
export * from './release-builder';
export * from './datasheet';
