export * from './annotation-sets';
export * from './annotations.service';
export * from './op-committer';
export * from './annotations.module';
export * from './commit-feed';
export * from './server-annotations';
export * from './provenance';
export * from './bulk-creates';
