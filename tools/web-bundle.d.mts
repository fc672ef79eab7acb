export const INITIAL_JS_BUDGET_KB_GZIP: number;
export interface ScriptWeight {
  key: string;
  file: string;
  bytes: number;
  gzipBytes: number;
  brotliBytes: number;
}
export function readManifest(dist: string): Record<string, { file: string; src?: string; isEntry?: boolean; isDynamicEntry?: boolean; imports?: string[]; dynamicImports?: string[]; css?: string[] }>;
export function initialScripts(dist: string, entry?: string): ScriptWeight[];
export function initialScriptWeight(dist: string, entry?: string): { scripts: ScriptWeight[]; kb: number; kbGzip: number; kbBrotli: number };
