import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium, headless, with nothing that would reach the network on its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Polls `check` until it holds; the error says what was awaited, with `context()` (the server's log, say). */
export async function waitUntil(check: () => Promise<boolean>, what: string, context: () => string = () => '', ms = 30000) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}\n${context()}`);
}
