import { Controller, HttpCode, SetMetadata, applyDecorators } from '@nestjs/common';
import type { z } from 'zod';

export const CONTRACT = 'tessera:contract';

/** One zod schema per part of a route: it validates the request and writes the OpenAPI document. */
export interface RouteContract {
  summary: string;
  tags?: string[];
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response?: z.ZodType;
  /** success status; 200 unless given */
  status?: number;
  /** multipart/form-data with one or more `file` parts */
  upload?: boolean;
  /** content type of a non-JSON success body (a download) */
  produces?: string;
}

export function Contract(contract: RouteContract): MethodDecorator {
  return applyDecorators(SetMetadata(CONTRACT, contract), HttpCode(contract.status ?? 200));
}

export const API_PREFIX = '/api/v1';

/** A controller of the versioned REST API; health, metrics and docs live outside it. */
export const ApiController = (path = '') => Controller(`${API_PREFIX}/${path}`.replace(/\/$/, ''));
