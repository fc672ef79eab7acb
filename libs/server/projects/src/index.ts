export * from './entities';
export * from './projects.service';
export * from './projects.module';
