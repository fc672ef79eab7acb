export * from './data-source';
export * from './naming';
export * from './infra.module';
export * from './pubsub';
export * from './per-turn';
export { commitWithThisTurn } from './preparing-client';
export * from './sql-text';
export * from './refused-values';
