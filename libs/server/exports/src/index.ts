export * from './exports.module';
export * from './exports.service';
export * from './export-runner';
export * from './export-source';
export * from './series-loader';
export * from './annotation-importer';
export * from './export-expiry';
