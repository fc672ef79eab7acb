export * from './replica';
export * from './store';
export * from './sync-client';
export * from './editor-binding';
export { Emitter } from './emitter';
