export * from './problem';
export * from './contract';
export * from './contract.interceptor';
export * from './problem.filter';
export * from './routes';
export * from './openapi';
export * from './request-context';
export * from './logger';
