import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { CONTRACT, type RouteContract } from './contract';


/** A controller method or class, as Nest's metadata holds it. */
type Handler = (...args: never[]) => unknown;
type ControllerClass = abstract new (...args: never[]) => unknown;

export interface RouteInfo {
  method: string;
  /** Full path in OpenAPI form: /api/v1/projects/{id} */
  path: string;
  contract?: RouteContract;
  handler: Handler;
  controller: ControllerClass;
}

const join = (...parts: string[]) =>
  '/' + parts.flatMap((p) => p.split('/')).filter(Boolean).join('/');

/** Every route the application's controllers register, read from Nest's own metadata. */
export function listRoutes(app: INestApplicationContext): RouteInfo[] {
  const discovery = app.get(DiscoveryService);
  const scanner = app.get(MetadataScanner);
  const reflector = app.get(Reflector);
  const routes: RouteInfo[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as ControllerClass | undefined;
    if (!controller || !wrapper.instance) continue;
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    const proto = Object.getPrototypeOf(wrapper.instance);
    for (const name of scanner.getAllMethodNames(proto)) {
      const handler = proto[name] as Handler;
      const subPath = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
      if (subPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      for (const sub of Array.isArray(subPath) ? subPath : [subPath]) {
        routes.push({
          method,
          path: join(base, sub).replace(/:(\w+)/g, '{$1}'),
          contract: reflector.get<RouteContract>(CONTRACT, handler),
          handler,
          controller,
        });
      }
    }
  }
  return routes;
}
