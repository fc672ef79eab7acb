import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import type { Config } from '@tessera/server/config';
import { PinoNestLogger, createLogger } from '@tessera/server/http';
import { WorkerModule } from './worker.module';

/** A NestJS application context (no HTTP) that hosts the BullMQ processors. */
export function createWorker(config: Config): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: new PinoNestLogger(createLogger(config.LOG_LEVEL, 'worker')),
  });
}
