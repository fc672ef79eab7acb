export * from './exports.module';
export * from './exports.service';
export * from './export-runner';
export * from './export-source';
