import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { SaxesParser } from 'saxes';
import { FormatError } from '../model';

/** An element with its attributes, children and text, as a small tree. */
export interface XmlNode {
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
  text: string;
  /** Line where it opens, for messages. */
  line: number;
}

export const child = (n: XmlNode, name: string): XmlNode | undefined => n.children.find((c) => c.name === name);
export const children = (n: XmlNode, name: string): XmlNode[] => n.children.filter((c) => c.name === name);
export const childText = (n: XmlNode, name: string): string | undefined => child(n, name)?.text.trim();

/**
 * Reads XML as a stream and hands over the subtrees whose element names
 * `emit` picks (CVAT's `<image>`, VOC's `<annotation>`), so memory holds one
 * of them at a time. A DOCTYPE is refused outright: no entity is ever
 * declared, expanded or fetched (billion laughs, XXE); saxes refuses any
 * entity beyond XML's five predefined ones.
 */
export async function* xmlElements(input: Readable | AsyncIterable<Buffer | string>, emit: (name: string, depth: number) => boolean, where: string): AsyncGenerator<XmlNode> {
  const parser = new SaxesParser({ position: true });
  const ready: XmlNode[] = [];
  const stack: XmlNode[] = [];
  let capturing = 0;
  let error: Error | null = null;
  parser.on('doctype', () => {
    error ??= new FormatError(`${where}: line ${parser.line}`, 'a DOCTYPE is not accepted (entity declarations are never expanded)');
  });
  parser.on('error', (e) => {
    error ??= new FormatError(`${where}: line ${parser.line}`, `malformed XML (${e.message.replace(/^.*?:\d+:\d+: /, '')})`);
  });
  parser.on('opentag', (tag) => {
    const node: XmlNode = { name: tag.name, attrs: tag.attributes as Record<string, string>, children: [], text: '', line: parser.line };
    if (capturing) stack[stack.length - 1].children.push(node);
    if (capturing || emit(tag.name, stack.length)) capturing++;
    stack.push(node);
  });
  parser.on('text', (t) => {
    if (capturing && stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('cdata', (t) => {
    if (capturing && stack.length) stack[stack.length - 1].text += t;
  });
  parser.on('closetag', () => {
    const node = stack.pop()!;
    if (capturing) {
      capturing--;
      if (capturing === 0) ready.push(node);
    }
  });
  const decoder = new StringDecoder('utf8');
  const feed = (s: string) => {
    if (error) return;
    try {
      parser.write(s);
    } catch (e) {
      error ??= new FormatError(`${where}: line ${parser.line}`, `malformed XML (${(e as Error).message.replace(/^.*?:\d+:\d+: /, '')})`);
    }
  };
  for await (const chunk of input) {
    feed(typeof chunk === 'string' ? chunk : decoder.write(chunk));
    if (error) throw error;
    while (ready.length) yield ready.shift()!;
  }
  feed(decoder.end());
  if (!error) {
    try {
      parser.close();
    } catch (e) {
      error = new FormatError(`${where}: line ${parser.line}`, `malformed XML (${(e as Error).message.replace(/^.*?:\d+:\d+: /, '')})`);
    }
  }
  if (error) throw error;
  while (ready.length) yield ready.shift()!;
}

/** The whole document as one tree (small files: a VOC annotation). */
export async function xmlDocument(input: Readable | AsyncIterable<Buffer | string>, where: string): Promise<XmlNode> {
  for await (const root of xmlElements(input, (_n, depth) => depth === 0, where)) return root;
  throw new FormatError(where, 'the XML document is empty');
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** Text or an attribute value, escaped; characters XML 1.0 cannot hold are dropped. */
export function esc(s: string | number | boolean): string {
  return String(s)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"']/g, (c) => ESCAPES[c]);
}
